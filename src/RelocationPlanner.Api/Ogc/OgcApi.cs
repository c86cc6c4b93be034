using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Data.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>OGC API - Features Part 1 (core + GeoJSON) under /ogc, readable by GDAL's OAPIF driver and QGIS.</summary>
public static class OgcApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 100_000;
    const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>OGC documents keep the standard's camelCase names (conformsTo, itemType), unlike the snake_case /api.</summary>
    static readonly System.Text.Json.JsonSerializerOptions OgcJson = new(System.Text.Json.JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };

    static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ];

    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API Features");
        ogc.MapGet("/", Landing).WithName("OgcLanding");
        ogc.MapGet("/conformance", () => Results.Json(new { conformsTo = ConformanceClasses }, OgcJson)).WithName("OgcConformance");
        ogc.MapGet("/collections", Collections).WithName("OgcCollections");
        ogc.MapGet("/collections/{collectionId}", Collection).WithName("OgcCollection");
        ogc.MapGet("/collections/{collectionId}/items", Items).WithName("OgcItems");
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", Item).WithName("OgcItem");
        return app;
    }

    /// <summary>The OGC root as an absolute URL; never built from an unchecked Host header (<see cref="PublicLinks"/>).</summary>
    static string Root(HttpRequest r) => r.HttpContext.RequestServices.GetRequiredService<PublicLinks>().Base(r) + "/ogc";

    static IResult Landing(HttpRequest request)
    {
        var root = Root(request);
        return Results.Json(new
        {
            title = "RelocationPlanner",
            description = "Administrative units, settlements, resettlement sites and infrastructure for relocation planning.",
            links = new object[]
            {
                new { href = root, rel = "self", type = "application/json", title = "This document" },
                new { href = $"{root[..^"/ogc".Length]}/openapi/v1.json", rel = "service-desc", type = "application/vnd.oai.openapi+json;version=3.0", title = "API definition" },
                new { href = root + "/conformance", rel = "conformance", type = "application/json", title = "Conformance classes" },
                new { href = root + "/collections", rel = "data", type = "application/json", title = "Collections" },
            },
        }, OgcJson);
    }

    static async Task<IResult> Collections(HttpRequest request, CollectionExtents extents, CancellationToken ct)
    {
        var list = new List<object>();
        foreach (var c in Core.Features.Collections.All)
            list.Add(await Describe(request, extents, c, ct));
        var root = Root(request);
        return Results.Json(new
        {
            links = new object[] { new { href = root + "/collections", rel = "self", type = "application/json", title = "Collections" } },
            collections = list,
        }, OgcJson);
    }

    static async Task<IResult> Collection(string collectionId, HttpRequest request, CollectionExtents extents, CancellationToken ct) =>
        Core.Features.Collections.Find(collectionId) is { } c
            ? Results.Json(await Describe(request, extents, c, ct), OgcJson)
            : Problem.NotFound($"No collection named {collectionId}.");

    static async Task<object> Describe(HttpRequest request, CollectionExtents extents, CollectionSpec c, CancellationToken ct)
    {
        var extent = await extents.GetAsync(c, ct);
        var href = $"{Root(request)}/collections/{c.Id}";
        var box = extent ?? LonLatBox.World;
        return new
        {
            id = c.Id,
            title = c.Title,
            description = c.Description,
            itemType = "feature",
            crs = new[] { Crs84 },
            extent = new { spatial = new { bbox = new[] { box.ToArray() }, crs = Crs84 } },
            links = new object[]
            {
                new { href, rel = "self", type = "application/json", title = c.Title },
                new { href = href + "/items", rel = "items", type = "application/geo+json", title = c.Title + " (GeoJSON)" },
            },
        };
    }

    static async Task Items(string collectionId, HttpContext http, NpgsqlDataSource db, CancellationToken ct,
        [FromQuery] string? bbox, [FromQuery] string? limit, [FromQuery] string? after)
    {
        if (Core.Features.Collections.Find(collectionId) is not { } c)
        {
            await Problem.NotFound($"No collection named {collectionId}.").ExecuteAsync(http);
            return;
        }
        var error = Parse(http.Request.Query, bbox, limit, after, out var box, out var take, out var afterId);
        if (error is not null)
        {
            await error.ExecuteAsync(http);
            return;
        }

        // Features are written as they come from PostGIS: a page of 100,000 is never held in memory.
        http.Response.ContentType = "application/geo+json";
        var w = http.Response.BodyWriter;
        await http.Response.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[", ct);
        var n = 0;
        long last = 0;
        await foreach (var (id, json) in OgcQueries.ItemsAsync(db, c, box, afterId, take, ct))
        {
            await http.Response.WriteAsync(n == 0 ? json : "," + json, ct);
            n++;
            last = id;
        }
        var self = $"{Root(http.Request)}/collections/{c.Id}/items";
        var query = new List<string> { $"limit={take}" };
        if (bbox is not null) query.Add("bbox=" + Uri.EscapeDataString(bbox));
        var links = new List<string>
        {
            Link(self + http.Request.QueryString.Value, "self"),
        };
        if (n == take) links.Add(Link($"{self}?{string.Join('&', query)}&after={last}", "next"));
        await http.Response.WriteAsync($"],\"numberReturned\":{n},\"timeStamp\":\"{DateTime.UtcNow:O}\",\"links\":[{string.Join(',', links)}]}}", ct);
        await w.FlushAsync(ct);
    }

    static string Link(string href, string rel) =>
        System.Text.Json.JsonSerializer.Serialize(new { href, rel, type = "application/geo+json" });

    static async Task<IResult> Item(string collectionId, string featureId, HttpResponse response, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Core.Features.Collections.Find(collectionId) is not { } c)
            return Problem.NotFound($"No collection named {collectionId}.");
        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return Problem.NotFound($"No feature {featureId} in {collectionId}.");
        if (await OgcQueries.ItemAsync(db, c, id, ct) is not { } item)
            return Problem.NotFound($"No feature {featureId} in {collectionId}.");
        response.Headers.ETag = ETag.Of(item.Version);
        return Results.Text(item.Json, "application/geo+json");
    }

    static IResult? Parse(IQueryCollection query, string? bbox, string? limit, string? after, out LonLatBox box, out int take, out long afterId)
    {
        box = LonLatBox.World;
        take = DefaultLimit;
        afterId = 0;
        if (query.TryGetValue("bbox-crs", out var crs) && crs.ToString() != Crs84)
            return Problem.Invalid("bbox-crs", Rules.Crs, $"Only {Crs84} is supported for bbox.");
        if (bbox is not null)
        {
            if (LonLatBox.Parse(bbox, allowHeights: true) is not { } parsed)
                return Problem.Invalid("bbox", Rules.Bbox, "bbox must be minLon,minLat,maxLon,maxLat in degrees with min <= max.");
            box = parsed;
        }
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1)
                return Problem.Invalid("limit", Rules.Limit, $"limit must be a whole number from 1 to {MaxLimit}.");
            take = Math.Min(take, MaxLimit);
        }
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
            return Problem.Invalid("after", Rules.After, "after must be a feature id from a next link.");
        return null;
    }
}
