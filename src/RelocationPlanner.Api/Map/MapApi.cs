using RelocationPlanner.Api.Hosting;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Data.Map;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Api.Map;

/// <summary>
/// GET /api/map: the map's layers, order, sources, styles and legend as data; GET /api/map/units/{code}:
/// a unit's extent; GET /api/maps/wall?unit=&amp;size=A3|A1&amp;lang=: a unit's printable wall map (PDF).
/// </summary>
public static class MapApi
{
    /// <summary>A unit picker's lists, opened at <c>Open</c> (null: at the top units).</summary>
    public sealed record UnitTree(string? Open, List<UnitList> Lists);

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
        map.MapGet("/unit-tree", UnitTreeAsync).WithName("UnitTree").Refuses(404);
        app.MapGet("/api/maps/wall", WallAsync).WithName("WallMap").WithTags("Map")
            .AnswersBytes("application/pdf").Refuses(400, 404);
        return app;
    }

    static async Task<Results<Ok<UnitView>, ProblemHttpResult>> UnitAsync(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await MapQueries.UnitExtentAsync(db, code, ct) is not { } u)
            return Problem.NotFound($"No administrative unit with code {code}.");
        return TypedResults.Ok(new UnitView(u.Code, u.Name, u.NameEn, u.Level, u.Bbox.ToArray()));
    }

    /// <summary>
    /// The unit pickers' tree, read where it is open (a national tree has ~170k units): GET
    /// /api/map/unit-tree?open=150621 gives the top units, each ancestor's children and the unit's own.
    /// </summary>
    static async Task<Results<Ok<UnitTree>, ProblemHttpResult>> UnitTreeAsync(string? open, NpgsqlDataSource db, CancellationToken ct)
    {
        open = string.IsNullOrWhiteSpace(open) ? null : open.Trim();
        if (await MapQueries.UnitTreeAsync(db, open, 5000, ct) is not { } lists)
            return Problem.NotFound($"No administrative unit with code {open}.");
        return TypedResults.Ok(new UnitTree(open, lists));
    }

    /// <summary>The wall map of a unit as a landscape PDF (A3 by default, or A1), in Chinese unless lang=en.</summary>
    static async Task<IResult> WallAsync(string? unit, string? size, string? lang, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new List<Core.Features.FieldError>();
        if (string.IsNullOrWhiteSpace(unit)) errors.Add(new("unit", Core.Features.Rules.Required, "unit is the code of an administrative unit."));
        var paper = string.IsNullOrWhiteSpace(size) ? "A3" : size.Trim().ToUpperInvariant();
        if (!WallMap.Sizes.ContainsKey(paper)) errors.Add(new("size", Core.Features.Rules.Enum, "size is A3 (default) or A1."));
        if (errors.Count > 0) return Problem.Invalid(errors);
        var items = await WallMap.ReadAsync(db, unit!.Trim(), ct);
        if (!items.Any(i => i.Layer == "unit")) return Problem.NotFound($"No administrative unit with code {unit.Trim()}.");
        var day = DateOnly.FromDateTime(DateTime.Today);
        var pdf = await PdfPrinter.PrintAsync(WallMap.Render(items, paper, TableLabels.Language(lang), day), ct);
        return Results.File(pdf, PdfPrinter.PdfType, $"wall-map-{unit.Trim()}-{paper}.pdf");
    }
}
