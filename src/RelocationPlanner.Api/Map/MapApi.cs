using RelocationPlanner.Api.Hosting;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Data.Map;

namespace RelocationPlanner.Api.Map;

/// <summary>GET /api/map: the map's layers, order, sources, styles and legend as data; GET /api/map/units/{code}: a unit's extent.</summary>
public static class MapApi
{
    /// <summary>A unit as the map client zooms to it: bbox = [minLon, minLat, maxLon, maxLat].</summary>
    public sealed record UnitView(string Code, string Name, string? NameEn, string Level, double[] Bbox);

    public static IEndpointRouteBuilder MapMapApi(this IEndpointRouteBuilder app)
    {
        var map = app.MapGroup("/api/map").WithTags("Map");
        map.MapGet("", (IConfiguration config) => TypedResults.Ok(PlannerMap.Build(config["RP_BASEMAP_URL"])))
            .WithName("MapDefinition");
        // The same map as a MapLibre style over the OGC vector tiles (one definition, two renderings).
        map.MapGet("/style.json", (IConfiguration config, HttpRequest r) =>
            Results.Text(MapStyle.Build(PlannerMap.Build(config["RP_BASEMAP_URL"]), Ogc.OgcRequest.Root(r) + "/tiles/WebMercatorQuad/tilejson").ToJsonString(), "application/json"))
            .WithName("MapStyle").Produces<JsonElement>(StatusCodes.Status200OK);
        map.MapGet("/units/{code}", UnitAsync).WithName("MapUnitExtent").Refuses(404);
        return app;
    }

    static async Task<Results<Ok<UnitView>, ProblemHttpResult>> UnitAsync(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await MapQueries.UnitExtentAsync(db, code, ct) is not { } u)
            return Problem.NotFound($"No administrative unit with code {code}.");
        return TypedResults.Ok(new UnitView(u.Code, u.Name, u.NameEn, u.Level, u.Bbox.ToArray()));
    }
}
