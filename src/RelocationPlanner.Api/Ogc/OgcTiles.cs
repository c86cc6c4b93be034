using RelocationPlanner.Api.Hosting;
using System.Globalization;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Api.Tiles;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// OGC API - Tiles over the vector tiles of <see cref="TilesApi"/> (same PostGIS ST_AsMVT, same
/// cache and ETags): the WebMercatorQuad tile matrix set (TMS 2.0), a vector tileset per
/// collection and one of the whole dataset (every collection a layer), each also as TileJSON 3.
/// </summary>
public static class OgcTiles
{
    public const string TmsId = "WebMercatorQuad";
    public const string TmsUri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    const string WebMercator = "http://www.opengis.net/def/crs/EPSG/0/3857";
    const string RelTilesets = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    const string RelScheme = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";

    /// <summary>Tile matrices advertised (0..16: an MVT of 4096 units is finer than 4 cm there; clients overzoom past it).</summary>
    public const int MaxTileMatrix = 16;

    public static RouteGroupBuilder MapOgcTiles(this RouteGroupBuilder ogc)
    {
        ogc.MapGet("/tileMatrixSets", TileMatrixSets).WithName("OgcTileMatrixSets").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/tileMatrixSets/{tileMatrixSetId}", TileMatrixSet).WithName("OgcTileMatrixSet").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/tiles", (HttpRequest r) => TilesetsList(r, null)).WithName("OgcDatasetTilesets").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/tiles/{tileMatrixSetId}", (string tileMatrixSetId, HttpRequest r, CollectionExtents e, CancellationToken ct) => Tileset(tileMatrixSetId, r, e, null, ct)).WithName("OgcDatasetTileset").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/tiles/{tileMatrixSetId}/tilejson", (string tileMatrixSetId, HttpRequest r, CollectionExtents e, CancellationToken ct) => TileJson(tileMatrixSetId, r, e, null, ct)).WithName("OgcDatasetTileJson").AnswersOgc(OgcRequest.JsonType);
        ogc.MapGet("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", (string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext http, ReadDb db, TileCache cache, CancellationToken ct) =>
            Tile(tileMatrixSetId, tileMatrix, tileRow, tileCol, http, db, cache, null, ct)).WithName("OgcDatasetTile").AnswersBytes(TilesApi.MvtType).Produces(304).Refuses(400, 404);

        ogc.MapGet("/collections/{collectionId}/tiles", (string collectionId, HttpRequest r) =>
            Collections.Find(collectionId) is { } c ? TilesetsList(r, c) : Problem.NotFound($"No collection named {collectionId}.")).WithName("OgcCollectionTilesets").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}", (string collectionId, string tileMatrixSetId, HttpRequest r, CollectionExtents e, CancellationToken ct) =>
            Collections.Find(collectionId) is { } c ? Tileset(tileMatrixSetId, r, e, c, ct) : Task.FromResult<IResult>(Problem.NotFound($"No collection named {collectionId}."))).WithName("OgcCollectionTileset").AnswersOgc(OgcRequest.JsonType, OgcRequest.Html);
        ogc.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}/tilejson", (string collectionId, string tileMatrixSetId, HttpRequest r, CollectionExtents e, CancellationToken ct) =>
            Collections.Find(collectionId) is { } c ? TileJson(tileMatrixSetId, r, e, c, ct) : Task.FromResult<IResult>(Problem.NotFound($"No collection named {collectionId}."))).WithName("OgcCollectionTileJson").AnswersOgc(OgcRequest.JsonType);
        ogc.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", (string collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol,
            HttpContext http, ReadDb db, TileCache cache, CancellationToken ct) =>
            Collections.Find(collectionId) is { } c ? Tile(tileMatrixSetId, tileMatrix, tileRow, tileCol, http, db, cache, c, ct) : Task.FromResult<IResult>(Problem.NotFound($"No collection named {collectionId}."))).WithName("OgcCollectionTile").AnswersBytes(TilesApi.MvtType).Produces(304).Refuses(400, 404);
        return ogc;
    }

    static IResult TileMatrixSets(HttpRequest r)
    {
        if (Guard(r, out var html) is { } error) return error;
        var root = OgcRequest.Root(r);
        var doc = new
        {
            links = new[] { OgcRequest.Link(root + "/tileMatrixSets", "self", OgcRequest.JsonType, "Tile matrix sets") },
            tileMatrixSets = new[]
            {
                new { id = TmsId, title = "Google Maps Compatible for the World", uri = TmsUri, crs = WebMercator,
                      links = new[] { OgcRequest.Link($"{root}/tileMatrixSets/{TmsId}", RelScheme, OgcRequest.JsonType, "WebMercatorQuad definition") } },
            },
        };
        return html ? OgcHtml.Document("Tile matrix sets", doc) : OgcRequest.Document(doc);
    }

    /// <summary>WebMercatorQuad as OGC TMS 2.0 defines it: 256-pixel tiles, origin top left, zoom z has 2^z x 2^z tiles.</summary>
    static IResult TileMatrixSet(string tileMatrixSetId, HttpRequest r)
    {
        if (tileMatrixSetId != TmsId) return Problem.NotFound($"No tile matrix set {tileMatrixSetId} (only {TmsId}).");
        if (Guard(r, out var html) is { } error) return error;
        const double half = 20037508.3427892, cell0 = 156543.03392804097, scale0 = 559082264.0287178;
        var doc = new
        {
            id = TmsId,
            title = "Google Maps Compatible for the World",
            uri = TmsUri,
            crs = WebMercator,
            orderedAxes = new[] { "E", "N" },
            wellKnownScaleSet = "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
            tileMatrices = Enumerable.Range(0, 25).Select(z => new
            {
                id = z.ToString(CultureInfo.InvariantCulture),
                scaleDenominator = scale0 / (1L << z),
                cellSize = cell0 / (1L << z),
                cornerOfOrigin = "topLeft",
                pointOfOrigin = new[] { -half, half },
                tileWidth = 256,
                tileHeight = 256,
                matrixWidth = 1L << z,
                matrixHeight = 1L << z,
            }),
        };
        return html ? OgcHtml.Document("WebMercatorQuad", doc) : OgcRequest.Document(doc);
    }

    static string TilesetPath(HttpRequest r, CollectionSpec? c) =>
        OgcRequest.Root(r) + (c is null ? "" : $"/collections/{c.Id}") + "/tiles";

    static IResult TilesetsList(HttpRequest r, CollectionSpec? c)
    {
        if (Guard(r, out var html) is { } error) return error;
        var path = TilesetPath(r, c);
        var doc = new
        {
            links = new[] { OgcRequest.Link(path, "self", OgcRequest.JsonType, "Vector tilesets") },
            tilesets = new[]
            {
                new
                {
                    title = (c?.Title ?? "RelocationPlanner") + " (vector tiles, WebMercatorQuad)",
                    dataType = "vector",
                    crs = WebMercator,
                    tileMatrixSetURI = TmsUri,
                    links = new[]
                    {
                        OgcRequest.Link($"{path}/{TmsId}", "self", OgcRequest.JsonType, "Tileset"),
                        OgcRequest.Link($"{OgcRequest.Root(r)}/tileMatrixSets/{TmsId}", RelScheme, OgcRequest.JsonType, "WebMercatorQuad definition"),
                    },
                },
            },
        };
        return html ? OgcHtml.Document("Vector tilesets", doc) : OgcRequest.Document(doc);
    }

    /// <summary>The tiles' extent: the collection's, or the union of all (the dataset's).</summary>
    static async Task<LonLatBox> ExtentOf(CollectionExtents extents, CollectionSpec? c, CancellationToken ct)
    {
        var boxes = new List<LonLatBox>();
        foreach (var x in c is null ? Collections.All : [c])
            if (await extents.GetAsync(x, ct) is { } b) boxes.Add(b);
        return boxes.Count == 0 ? LonLatBox.World
            : new LonLatBox(boxes.Min(b => b.MinX), boxes.Min(b => b.MinY), boxes.Max(b => b.MaxX), boxes.Max(b => b.MaxY));
    }

    static string Template(HttpRequest r, CollectionSpec? c) => $"{TilesetPath(r, c)}/{TmsId}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}";

    static async Task<IResult> Tileset(string tileMatrixSetId, HttpRequest r, CollectionExtents extents, CollectionSpec? c, CancellationToken ct)
    {
        if (tileMatrixSetId != TmsId) return Problem.NotFound($"No tileset in {tileMatrixSetId} (only {TmsId}).");
        if (Guard(r, out var html) is { } error) return error;
        var box = await ExtentOf(extents, c, ct);
        var path = $"{TilesetPath(r, c)}/{TmsId}";
        var doc = new
        {
            title = (c?.Title ?? "RelocationPlanner") + " vector tiles",
            description = c?.Description ?? "Every collection as one layer of Mapbox vector tiles.",
            dataType = "vector",
            crs = WebMercator,
            tileMatrixSetURI = TmsUri,
            boundingBox = new { lowerLeft = new[] { box.MinX, box.MinY }, upperRight = new[] { box.MaxX, box.MaxY }, crs = Core.Ogc.OgcCrsList.Crs84Uri },
            centerPoint = new { coordinates = new[] { (box.MinX + box.MaxX) / 2, (box.MinY + box.MaxY) / 2 }, tileMatrix = "8" },
            layers = (c is null ? Collections.All : [c]).Select(x => new
            {
                id = x.Id,
                title = x.Title,
                dataType = "vector",
                geometryDimension = x.GeometryTypes.Contains("Polygon") || x.GeometryTypes.Contains("MultiPolygon") ? 2 : x.GeometryTypes.Contains("LineString") ? 1 : 0,
                minTileMatrix = "0",
                maxTileMatrix = MaxTileMatrix.ToString(CultureInfo.InvariantCulture),
                propertiesSchema = new { type = "object", properties = Fields(x).ToDictionary(f => f.Key, f => new { type = f.Value }) },
                links = new[] { OgcRequest.Link($"{OgcRequest.Root(r)}/collections/{x.Id}", "related", OgcRequest.JsonType, x.Title) },
            }),
            links = new[]
            {
                OgcRequest.Link(path, "self", OgcRequest.JsonType, "This tileset"),
                OgcRequest.Link(path + "?f=html", "alternate", OgcRequest.Html, "This tileset as HTML"),
                OgcRequest.Link($"{OgcRequest.Root(r)}/tileMatrixSets/{TmsId}", RelScheme, OgcRequest.JsonType, "WebMercatorQuad definition"),
                OgcRequest.Link(Template(r, c), "item", TilesApi.MvtType, "Mapbox vector tiles", templated: true),
                OgcRequest.Link(path + "/tilejson", "describedby", OgcRequest.JsonType, "TileJSON"),
            },
        };
        return html ? OgcHtml.Document(doc.title, doc) : OgcRequest.Document(doc);
    }

    /// <summary>The properties each layer's features carry in the tiles, with their MVT value type.</summary>
    static Dictionary<string, string> Fields(CollectionSpec c)
    {
        var fields = new Dictionary<string, string> { ["id"] = "integer" };
        foreach (var p in c.Properties)
            fields[p.Name] = p.Kind switch { PropertyKind.Integer => "integer", PropertyKind.Decimal => "number", _ => "string" };
        return fields;
    }

    /// <summary>TileJSON 3.0.0 of a tileset: what MapLibre GL JS, QGIS and OpenLayers read to load the tiles.</summary>
    static async Task<IResult> TileJson(string tileMatrixSetId, HttpRequest r, CollectionExtents extents, CollectionSpec? c, CancellationToken ct)
    {
        if (tileMatrixSetId != TmsId) return Problem.NotFound($"No tileset in {tileMatrixSetId} (only {TmsId}).");
        if (OgcRequest.RefuseUnknown(r, []) is { } unknown) return unknown;
        var box = await ExtentOf(extents, c, ct);
        return OgcRequest.Document(new
        {
            tilejson = "3.0.0",
            name = (c?.Title ?? "RelocationPlanner") + " vector tiles",
            description = c?.Description ?? "Every collection as one layer.",
            scheme = "xyz",
            tiles = new[] { $"{TilesetPath(r, c)}/{TmsId}/{{z}}/{{y}}/{{x}}" },
            minzoom = 0,
            maxzoom = MaxTileMatrix,
            bounds = box.ToArray(),
            center = new object[] { (box.MinX + box.MaxX) / 2, (box.MinY + box.MaxY) / 2, 8 },
            vector_layers = (c is null ? Collections.All : [c]).Select(x => new
            {
                id = x.Id,
                description = x.Title,
                minzoom = 0,
                maxzoom = MaxTileMatrix,
                fields = Fields(x).ToDictionary(f => f.Key, f => f.Value == "string" ? "String" : "Number"),
            }),
        });
    }

    static async Task<IResult> Tile(string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext http, ReadDb read,
        TileCache cache, CollectionSpec? c, CancellationToken ct)
    {
        if (tileMatrixSetId != TmsId) return Problem.NotFound($"No tileset in {tileMatrixSetId} (only {TmsId}).");
        if (OgcRequest.RefuseUnknown(http.Request, []) is { } unknown) return unknown;
        if (TilesApi.Check(tileMatrix, tileCol, tileRow, "tileMatrix", "tileCol", "tileRow") is { } bad) return bad;
        int z = int.Parse(tileMatrix, CultureInfo.InvariantCulture);
        long col = long.Parse(tileCol, CultureInfo.InvariantCulture), row = long.Parse(tileRow, CultureInfo.InvariantCulture);
        // Past the advertised tile matrices: 404, as OGC API Tiles tc-error wants (the whole matrix
        // of each zoom is served, so no tileMatrixSetLimits are advertised).
        if (z > MaxTileMatrix)
            return Problem.NotFound($"Tile matrix {z} is not in this tileset (0-{MaxTileMatrix}; clients overzoom past it).");
        return await TilesApi.ServeAsync(c is null ? Collections.All : [c], z, col, row, http, read.Db, cache, ct);
    }

    /// <summary>Only f is a parameter of the tiles resources.</summary>
    static IResult? Guard(HttpRequest r, out bool html)
    {
        html = false;
        if (OgcRequest.RefuseUnknown(r, ["f"]) is { } unknown) return unknown;
        html = OgcRequest.WantsHtml(r, out var error);
        return error;
    }
}
