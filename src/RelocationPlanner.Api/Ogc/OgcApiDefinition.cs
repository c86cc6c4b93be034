using System.Text.Json.Nodes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// The API definition of /ogc (OpenAPI 3.0, the landing page's service-desc): every resource,
/// every parameter with its bounds (limit 1..100000, default 100; the CRS lists; filter-lang),
/// and per collection its queryables as query parameters. Built from the same catalogues the
/// endpoints use (collections, CRSs, queryables, conformance), so it cannot drift from them.
/// GDAL reads the items parameters from it (per collection path), QGIS the limit bounds.
/// </summary>
public static class OgcApiDefinition
{
    public static IResult Serve(HttpRequest r)
    {
        if (OgcRequest.RefuseUnknown(r, ["f"]) is { } unknown) return unknown;
        var html = OgcRequest.WantsHtml(r, out var error);
        if (error is not null) return error;
        var doc = Build(OgcRequest.Root(r));
        return html ? OgcHtml.Document("API definition", doc) : Results.Text(doc.ToJsonString(), OgcApi.OpenApiType);
    }

    static JsonNode Ref(string name) => new JsonObject { ["$ref"] = "#/components/parameters/" + name };

    static JsonObject Response(string description, params string[] types)
    {
        var content = new JsonObject();
        foreach (var t in types) content[t] = new JsonObject { ["schema"] = new JsonObject { ["type"] = t.Contains("mapbox") ? "string" : "object" } };
        return types.Length == 0 ? new JsonObject { ["description"] = description } : new JsonObject { ["description"] = description, ["content"] = content };
    }

    static JsonObject Get(string id, string summary, JsonArray parameters, params string[] types) => new()
    {
        ["get"] = new JsonObject
        {
            ["operationId"] = id,
            ["summary"] = summary,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = Response(summary, types),
                ["400"] = Response("Invalid parameter (application/problem+json naming it)"),
                ["404"] = Response("Not found"),
            },
        },
    };

    static JsonArray Array(params JsonNode[] items) => [.. items];

    static JsonArray Enum(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    static JsonObject Query(string name, JsonObject schema, string description, bool explode = false) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["required"] = false,
        ["description"] = description,
        ["style"] = "form",
        ["explode"] = explode,
        ["schema"] = schema,
    };

    static JsonObject PathParam(string name, JsonObject schema) => new() { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = schema };

    static JsonObject Build(string root)
    {
        var crsUris = OgcCrsList.All.Select(c => c.Uri).ToArray();
        JsonObject CrsSchema() => new() { ["type"] = "string", ["format"] = "uri", ["enum"] = Enum(crsUris), ["default"] = OgcCrsList.Crs84Uri };
        var parameters = new JsonObject
        {
            ["f"] = Query("f", new JsonObject { ["type"] = "string", ["enum"] = Enum(["json", "html"]) }, "The encoding of the answer (default: JSON, or HTML for a browser)."),
            ["limit"] = Query("limit", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OgcItems.MaxLimit, ["default"] = OgcItems.DefaultLimit },
                $"Features per page. Values past {OgcItems.MaxLimit} are taken as {OgcItems.MaxLimit}."),
            ["after"] = Query("after", new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 }, "The page starts after this feature id (written by next links)."),
            ["bbox"] = Query("bbox", new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "number" },
                ["oneOf"] = Array(new JsonObject { ["minItems"] = 4, ["maxItems"] = 4 }, new JsonObject { ["minItems"] = 6, ["maxItems"] = 6 }),
            }, "Lower and upper corner in bbox-crs, in its axis order."),
            ["bbox-crs"] = Query("bbox-crs", CrsSchema(), "The CRS of bbox."),
            ["datetime"] = Query("datetime", new JsonObject { ["type"] = "string" },
                "An instant or interval (start/end, '..' open): dated collections keep features whose works (first date planned to completion) meet it."),
            ["crs"] = Query("crs", CrsSchema(), "The CRS of the geometries returned (axis order as the CRS defines it)."),
            ["filter"] = Query("filter", new JsonObject { ["type"] = "string" }, "A CQL2 filter over the collection's queryables."),
            ["filter-lang"] = Query("filter-lang", new JsonObject { ["type"] = "string", ["enum"] = Enum(OgcItems.FilterLanguages), ["default"] = OgcItems.FilterLanguages[0] }, "The encoding of filter."),
            ["filter-crs"] = Query("filter-crs", CrsSchema(), "The CRS of the geometries in filter."),
            ["collectionId"] = PathParam("collectionId", new JsonObject { ["type"] = "string", ["enum"] = Enum(Collections.All.Select(c => c.Id)) }),
            ["featureId"] = PathParam("featureId", new JsonObject { ["type"] = "string" }),
            ["tileMatrixSetId"] = PathParam("tileMatrixSetId", new JsonObject { ["type"] = "string", ["enum"] = Enum([OgcTiles.TmsId]) }),
            ["tileMatrix"] = PathParam("tileMatrix", new JsonObject { ["type"] = "string" }),
            ["tileRow"] = PathParam("tileRow", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
            ["tileCol"] = PathParam("tileCol", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
            ["If-Match"] = new JsonObject { ["name"] = "If-Match", ["in"] = "header", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } },
            ["Content-Crs"] = new JsonObject { ["name"] = "Content-Crs", ["in"] = "header", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } },
        };

        var paths = new JsonObject
        {
            ["/"] = Get("getLandingPage", "Landing page", Array(Ref("f")), OgcRequest.JsonType, OgcRequest.Html),
            ["/conformance"] = Get("getConformanceDeclaration", "Conformance classes", Array(Ref("f")), OgcRequest.JsonType, OgcRequest.Html),
            ["/api"] = Get("getApiDefinition", "This API definition", Array(Ref("f")), OgcApi.OpenApiType, OgcRequest.Html),
            ["/collections"] = Get("getCollections", "Collections", Array(Ref("f")), OgcRequest.JsonType, OgcRequest.Html),
            ["/collections/{collectionId}"] = Get("describeCollection", "A collection", Array(Ref("collectionId"), Ref("f")), OgcRequest.JsonType, OgcRequest.Html),
            ["/collections/{collectionId}/queryables"] = Get("getQueryables", "Queryables (JSON Schema)", Array(Ref("collectionId"), Ref("f")), "application/schema+json", OgcRequest.Html),
            ["/tileMatrixSets"] = Get("getTileMatrixSetsList", "Tile matrix sets", Array(Ref("f")), OgcRequest.JsonType),
            ["/tileMatrixSets/{tileMatrixSetId}"] = Get("getTileMatrixSet", "A tile matrix set", Array(Ref("tileMatrixSetId"), Ref("f")), OgcRequest.JsonType),
            ["/tiles"] = Get("dataset.vector.getTileSetsList", "Vector tilesets of the dataset", Array(Ref("f")), OgcRequest.JsonType),
            ["/tiles/{tileMatrixSetId}"] = Get("dataset.vector.getTileSet", "The dataset's vector tileset", Array(Ref("tileMatrixSetId"), Ref("f")), OgcRequest.JsonType),
            ["/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"] = Get("dataset.vector.getTile", "A vector tile of every collection",
                Array(Ref("tileMatrixSetId"), Ref("tileMatrix"), Ref("tileRow"), Ref("tileCol")), Tiles.TilesApi.MvtType),
            ["/collections/{collectionId}/tiles"] = Get("collection.vector.getTileSetsList", "Vector tilesets of a collection", Array(Ref("collectionId"), Ref("f")), OgcRequest.JsonType),
            ["/collections/{collectionId}/tiles/{tileMatrixSetId}"] = Get("collection.vector.getTileSet", "A collection's vector tileset", Array(Ref("collectionId"), Ref("tileMatrixSetId"), Ref("f")), OgcRequest.JsonType),
            ["/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"] = Get("collection.vector.getTile", "A vector tile of a collection",
                Array(Ref("collectionId"), Ref("tileMatrixSetId"), Ref("tileMatrix"), Ref("tileRow"), Ref("tileCol")), Tiles.TilesApi.MvtType),
        };
        var bearer = Array(new JsonObject { ["bearer"] = new JsonArray() });
        foreach (var c in Collections.All)
        {
            var items = Get($"{c.Id}.getFeatures", $"Features of {c.Title}",
                Array([.. OgcItems.ItemsParameters.Select(Ref), .. Queryables.Of(c).Where(q => !q.IsSpatial).Select(q => (JsonNode)Query(q.Name, QueryableSchema(q), $"Only features whose {q.Name} equals this value."))]),
                OgcRequest.GeoJson, OgcRequest.Html);
            items["post"] = Write($"{c.Id}.createFeature", $"Create a feature in {c.Title}", "application/geo+json", "201", bearer, Ref("Content-Crs"));
            paths[$"/collections/{c.Id}/items"] = items;
            var item = Get($"{c.Id}.getFeature", $"A feature of {c.Title}", Array(PathParam("featureId", new JsonObject { ["type"] = "string" }), Ref("f"), Ref("crs")), OgcRequest.GeoJson, OgcRequest.Html);
            item["put"] = Write($"{c.Id}.replaceFeature", "Replace a feature", "application/geo+json", "200", bearer, PathParam("featureId", new JsonObject { ["type"] = "string" }), Ref("If-Match"), Ref("Content-Crs"));
            item["patch"] = Write($"{c.Id}.updateFeature", "Update a feature (JSON merge patch)", "application/merge-patch+json", "200", bearer, PathParam("featureId", new JsonObject { ["type"] = "string" }), Ref("If-Match"), Ref("Content-Crs"));
            item["delete"] = Write($"{c.Id}.deleteFeature", "Delete a feature", null, "204", bearer, PathParam("featureId", new JsonObject { ["type"] = "string" }), Ref("If-Match"));
            paths[$"/collections/{c.Id}/items/{{featureId}}"] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "RelocationPlanner OGC API",
                ["version"] = "1.0.0",
                ["description"] = "OGC API - Features Parts 1-3 and 4 (draft), OGC API - Tiles: " + string.Join(" ", Conformance.Classes),
            },
            ["servers"] = Array(new JsonObject { ["url"] = root }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["parameters"] = parameters,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "A token from `rp users add NAME --role ROLE`." },
                },
            },
        };
    }

    static JsonObject QueryableSchema(QueryableProperty q) => q.Type switch
    {
        QueryableType.Integer => new JsonObject { ["type"] = "integer" },
        QueryableType.Number => new JsonObject { ["type"] = "number" },
        QueryableType.Date => new JsonObject { ["type"] = "string", ["format"] = "date" },
        _ when q.Allowed is { } allowed => new JsonObject { ["type"] = "string", ["enum"] = Enum(allowed) },
        _ => new JsonObject { ["type"] = "string" },
    };

    static JsonObject Write(string id, string summary, string? bodyType, string status, JsonArray security, params JsonNode[] parameters)
    {
        var op = new JsonObject
        {
            ["operationId"] = id,
            ["summary"] = summary,
            ["security"] = security.DeepClone(),
            ["parameters"] = Array(parameters),
            ["responses"] = new JsonObject
            {
                [status] = Response(summary),
                ["400"] = Response("Invalid feature (application/problem+json naming the field)"),
                ["401"] = Response("No token"),
                ["403"] = Response("The token's role may not edit this collection"),
                ["412"] = Response("If-Match is stale"),
            },
        };
        if (bodyType is not null)
            op["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { [bodyType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
            };
        return op;
    }
}
