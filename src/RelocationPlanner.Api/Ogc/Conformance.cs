namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// The conformance classes /ogc/conformance declares: each is tested by the tests under
/// tests/RelocationPlanner.Api.Tests/Ogc (written from the abstract test suites).
/// </summary>
public static class Conformance
{
    const string F1 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/";
    const string F2 = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/";
    const string F3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/";
    const string F4 = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/";
    const string Cql2 = "http://www.opengis.net/spec/cql2/1.0/conf/";
    const string Tiles = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";

    public static readonly string[] Classes =
    [
        // Features Part 1: Core, GeoJSON, HTML, OpenAPI 3.0
        F1 + "core", F1 + "geojson", F1 + "html", F1 + "oas30",
        // Part 2: CRS by reference
        F2 + "crs",
        // Part 3: Filtering
        F3 + "queryables", F3 + "queryables-query-parameters", F3 + "filter", F3 + "features-filter",
        // CQL2: both encodings, Basic CQL2 and what the translator evaluates beyond it
        Cql2 + "cql2-text", Cql2 + "cql2-json", Cql2 + "basic-cql2", Cql2 + "advanced-comparison-operators",
        Cql2 + "case-insensitive-comparison", Cql2 + "basic-spatial-functions", Cql2 + "basic-spatial-functions-plus",
        Cql2 + "spatial-functions", Cql2 + "temporal-functions", Cql2 + "property-property",
        // Part 4 (draft): create/replace/delete, update (JSON merge patch), features; ETags
        F4 + "create-replace-delete", F4 + "update", F4 + "features",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/req/optimistic-locking-etags",
        // OGC API - Tiles: vector tiles per collection and of the whole dataset, WebMercatorQuad
        Tiles + "core", Tiles + "tileset", Tiles + "tilesets-list", Tiles + "geodata-tilesets", Tiles + "dataset-tilesets",
        Tiles + "mvt", Tiles + "oas30",
        "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset", "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
    ];
}
