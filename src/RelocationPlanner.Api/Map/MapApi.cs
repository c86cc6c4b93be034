namespace RelocationPlanner.Api.Map;

/// <summary>GET /api/map: the map's layers, order, sources, styles and legend as data.</summary>
public static class MapApi
{
    public static IEndpointRouteBuilder MapMapApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/map", (IConfiguration config) => TypedResults.Ok(PlannerMap.Build(config["RP_BASEMAP_URL"])))
            .WithName("MapDefinition").WithTags("Map");
        return app;
    }
}
