using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// OGC API under /ogc: Features Parts 1-3 and 4 (draft), Tiles. Readable by GDAL's OAPIF driver
/// and QGIS; every link absolute through <see cref="Hosting.PublicLinks"/>; JSON or HTML.
/// </summary>
public static class OgcApi
{
    public const string OpenApiType = "application/vnd.oai.openapi+json;version=3.0";
    const string RelQueryables = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
    const string Gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API");
        ogc.MapGet("/", Landing).WithName("OgcLanding").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/conformance", Conformance).WithName("OgcConformance").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/api", OgcApiDefinition.Serve).WithName("OgcApiDefinition").AnswersOgc(OpenApiType, OgcRequest.Html);
        ogc.MapGet("/collections", Collections).WithName("OgcCollections").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/collections/{collectionId}", Collection).WithName("OgcCollection").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/collections/{collectionId}/queryables", QueryablesOf).WithName("OgcQueryables").AnswersOgc("application/schema+json", OgcRequest.Html);
        ogc.MapGet("/collections/{collectionId}/items", OgcItems.Items).WithName("OgcItems").AnswersOgc(OgcRequest.GeoJson, OgcRequest.Html);
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", OgcItems.Item).WithName("OgcItem").AnswersOgc(OgcRequest.GeoJson, OgcRequest.Html);
        ogc.MapOgcWrites();
        ogc.MapOgcTiles();
        return app;
    }

    /// <summary>Only f is a parameter of the metadata resources.</summary>
    static IResult? Guard(HttpRequest r, out bool html)
    {
        html = false;
        if (OgcRequest.RefuseUnknown(r, ["f"]) is { } unknown) return unknown;
        html = OgcRequest.WantsHtml(r, out var error);
        return error;
    }

    static IResult Landing(HttpRequest r)
    {
        if (Guard(r, out var html) is { } error) return error;
        var root = OgcRequest.Root(r);
        var doc = new
        {
            title = "RelocationPlanner",
            description = "Administrative units, settlements, resettlement sites and infrastructure for relocation planning.",
            links = new[]
            {
                OgcRequest.Link(root, "self", OgcRequest.JsonType, "This document"),
                OgcRequest.Link(root + "?f=html", "alternate", OgcRequest.Html, "This document as HTML"),
                OgcRequest.Link(root + "/api", "service-desc", OpenApiType, "API definition (OpenAPI 3.0)"),
                OgcRequest.Link(root + "/api?f=html", "service-doc", OgcRequest.Html, "API definition as HTML"),
                OgcRequest.Link(root + "/conformance", "conformance", OgcRequest.JsonType, "Conformance classes"),
                OgcRequest.Link(root + "/collections", "data", OgcRequest.JsonType, "Collections"),
                OgcRequest.Link(root + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", OgcRequest.JsonType, "Vector tiles of every collection"),
                OgcRequest.Link(root + "/tileMatrixSets", "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", OgcRequest.JsonType, "Tile matrix sets"),
                OgcRequest.Link(root[..^"/ogc".Length] + "/api/map/style.json", "http://www.opengis.net/def/rel/ogc/1.0/styles", "application/vnd.mapbox.style+json", "The map's style (MapLibre)"),
            },
        };
        return html ? OgcHtml.Document(doc.title, doc) : OgcRequest.Document(doc);
    }

    static IResult Conformance(HttpRequest r)
    {
        if (Guard(r, out var html) is { } error) return error;
        var doc = new { conformsTo = Ogc.Conformance.Classes };
        return html ? OgcHtml.Document("Conformance", doc) : OgcRequest.Document(doc);
    }

    static async Task<IResult> Collections(HttpRequest r, CollectionExtents extents, CancellationToken ct)
    {
        if (Guard(r, out var html) is { } error) return error;
        var list = new List<object>();
        foreach (var c in Core.Features.Collections.All) list.Add(await Describe(r, extents, c, ct));
        var root = OgcRequest.Root(r);
        var doc = new
        {
            links = new[]
            {
                OgcRequest.Link(root + "/collections", "self", OgcRequest.JsonType, "Collections"),
                OgcRequest.Link(root + "/collections?f=html", "alternate", OgcRequest.Html, "Collections as HTML"),
            },
            crs = OgcCrsList.All.Select(x => x.Uri),
            collections = list,
        };
        return html ? OgcHtml.Document("Collections", doc) : OgcRequest.Document(doc);
    }

    static async Task<IResult> Collection(string collectionId, HttpRequest r, CollectionExtents extents, CancellationToken ct)
    {
        if (Core.Features.Collections.Find(collectionId) is not { } c) return Problem.NotFound($"No collection named {collectionId}.");
        if (Guard(r, out var html) is { } error) return error;
        var doc = await Describe(r, extents, c, ct);
        return html ? OgcHtml.Document(c.Title, doc) : OgcRequest.Document(doc);
    }

    static async Task<object> Describe(HttpRequest r, CollectionExtents extents, CollectionSpec c, CancellationToken ct)
    {
        var extent = await extents.GetBothAsync(c, ct);
        var href = $"{OgcRequest.Root(r)}/collections/{c.Id}";
        var box = extent.Box ?? LonLatBox.World;
        return new
        {
            id = c.Id,
            title = c.Title,
            description = c.Description,
            itemType = "feature",
            crs = OgcCrsList.All.Select(x => x.Uri),
            storageCrs = OgcCrsList.Storage.Uri,
            extent = new
            {
                spatial = new { bbox = new[] { box.ToArray() }, crs = OgcCrsList.Crs84Uri },
                // The works of a dated collection: first date planned/started to last completion (null: still going on).
                temporal = extent.Days is { } d
                    ? new { interval = new[] { new[] { Instant(d.Start, start: true), Instant(d.End, start: false) } }, trs = Gregorian }
                    : null,
            },
            links = new[]
            {
                OgcRequest.Link(href, "self", OgcRequest.JsonType, c.Title),
                OgcRequest.Link(href + "?f=html", "alternate", OgcRequest.Html, c.Title + " (HTML)"),
                OgcRequest.Link(href + "/items", "items", OgcRequest.GeoJson, c.Title + " (GeoJSON)"),
                OgcRequest.Link(href + "/items?f=html", "items", OgcRequest.Html, c.Title + " (HTML)"),
                OgcRequest.Link(href + "/queryables", RelQueryables, "application/schema+json", "Queryables"),
                OgcRequest.Link(href + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", OgcRequest.JsonType, "Vector tiles"),
            },
        };
    }

    /// <summary>A day of a temporal extent as RFC 3339 in China Standard Time (the day the collection stores).</summary>
    static string? Instant(DateOnly? day, bool start) =>
        day is { } d ? $"{d:yyyy-MM-dd}T{(start ? "00:00:00" : "23:59:59")}+08:00" : null;

    /// <summary>GET /collections/{id}/queryables: the whitelist of filterable properties as JSON Schema (2020-12).</summary>
    static IResult QueryablesOf(string collectionId, HttpRequest r)
    {
        if (Core.Features.Collections.Find(collectionId) is not { } c) return Problem.NotFound($"No collection named {collectionId}.");
        if (Guard(r, out var html) is { } error) return error;
        var properties = new Dictionary<string, object>();
        foreach (var q in Queryables.Of(c))
        {
            var spec = c.Property(q.Name);
            properties[q.Name] = q.Type switch
            {
                QueryableType.Geometry => new Dictionary<string, object> { ["title"] = q.Title, ["format"] = Queryables.GeometryFormat(c), ["x-ogc-role"] = "primary-geometry" },
                QueryableType.Date => new Dictionary<string, object> { ["title"] = q.Title, ["type"] = "string", ["format"] = "date" },
                QueryableType.Integer => new Dictionary<string, object> { ["title"] = q.Title, ["type"] = "integer" },
                QueryableType.Number => new Dictionary<string, object> { ["title"] = q.Title, ["type"] = "number" },
                _ when q.Allowed is { } allowed => new Dictionary<string, object> { ["title"] = q.Title, ["type"] = "string", ["enum"] = allowed },
                _ => new Dictionary<string, object> { ["title"] = q.Title, ["type"] = "string", ["maxLength"] = spec?.MaxLength ?? 200 },
            };
        }
        var doc = new Dictionary<string, object>
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{OgcRequest.Root(r)}/collections/{c.Id}/queryables",
            ["type"] = "object",
            ["title"] = c.Title,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return html ? OgcHtml.Document(c.Title + ": queryables", doc) : OgcRequest.Document(doc, "application/schema+json");
    }
}
