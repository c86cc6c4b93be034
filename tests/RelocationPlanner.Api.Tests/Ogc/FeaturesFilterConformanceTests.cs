using System.Net;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// OGC API - Features Part 3 (queryables, queryables as parameters, filter, features-filter) and
/// the CQL2 classes declared (text, JSON, basic, advanced comparison, case-insensitive, spatial,
/// temporal, property-property), from their abstract tests: each filter, in both encodings,
/// selects what the same condition selects in SQL.
/// </summary>
[Collection(OgcDemo.Name)]
public class FeaturesFilterConformanceTests(DemoServiceFixture f)
{
    [Fact]
    public async Task Queryables_are_a_JSON_schema_linked_from_each_collection()
    {
        foreach (var c in Collections.All)
        {
            var collection = await f.Http.GetJson($"/ogc/collections/{c.Id}");
            var link = collection.Links("http://www.opengis.net/def/rel/ogc/1.0/queryables").Single();
            Assert.Equal("application/schema+json", link.GetProperty("type").GetString());
            var r = await f.Http.GetAsync(link.GetProperty("href").GetString());
            Assert.Equal("application/schema+json", r.Content.Headers.ContentType!.MediaType);
            var schema = await r.Json();
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
            Assert.Equal(link.GetProperty("href").GetString(), schema.GetProperty("$id").GetString());
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            var props = schema.GetProperty("properties");
            Assert.Equal(Queryables.Of(c).Select(q => q.Name), props.EnumerateObject().Select(p => p.Name));
            foreach (var p in props.EnumerateObject())
            {
                if (p.Name == Queryables.GeometryName)
                {
                    // Spatial: a format, no type or $ref.
                    Assert.False(p.Value.TryGetProperty("type", out _));
                    Assert.StartsWith("geometry-", p.Value.GetProperty("format").GetString());
                }
                else Assert.True(p.Value.TryGetProperty("type", out _));
                if (c.Property(p.Name) is { Kind: PropertyKind.Date }) Assert.Equal("date", p.Value.GetProperty("format").GetString());
                if (c.Property(p.Name) is { Allowed: { } allowed }) Assert.Equal(allowed, p.Value.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
            }
        }
        Assert.Equal("geometry-linestring", (await f.Http.GetJson("/ogc/collections/roads/queryables")).GetProperty("properties").GetProperty("geometry").GetProperty("format").GetString());
        Assert.Equal("geometry-any", (await f.Http.GetJson("/ogc/collections/sites/queryables")).GetProperty("properties").GetProperty("geometry").GetProperty("format").GetString());
    }

    public static TheoryData<string, string, string, string> Filters => new()
    {
        // collection, CQL2 text, CQL2 JSON, the same condition in SQL
        { "roads", "road_class = 'county'", """{"op":"=","args":[{"property":"road_class"},"county"]}""", "road_class = 'county'" },
        { "roads", "road_class <> 'village' AND status = 'planned'", """{"op":"and","args":[{"op":"<>","args":[{"property":"road_class"},"village"]},{"op":"=","args":[{"property":"status"},"planned"]}]}""",
          "road_class <> 'village' AND status = 'planned'" },
        { "roads", "NOT (status = 'completed' OR surface IS NULL)", """{"op":"not","args":[{"op":"or","args":[{"op":"=","args":[{"property":"status"},"completed"]},{"op":"isNull","args":[{"property":"surface"}]}]}]}""",
          "NOT (status = 'completed' OR surface IS NULL)" },
        { "towns", "population >= 20000", """{"op":">=","args":[{"property":"population"},20000]}""", "population >= 20000" },
        { "towns", "population BETWEEN 5000 AND 50000", """{"op":"between","args":[{"property":"population"},5000,50000]}""", "population BETWEEN 5000 AND 50000" },
        { "towns", "town_level IN ('city', 'county_seat')", """{"op":"in","args":[{"property":"town_level"},["city","county_seat"]]}""", "town_level IN ('city', 'county_seat')" },
        { "admin_units", "name LIKE '%旗'", """{"op":"like","args":[{"property":"name"},"%旗"]}""", "name LIKE '%旗'" },
        { "admin_units", "CASEI(name_en) LIKE CASEI('%BANNER%')", """{"op":"like","args":[{"op":"casei","args":[{"property":"name_en"}]},{"op":"casei","args":["%BANNER%"]}]}""", "lower(name_en) LIKE '%banner%'" },
        { "power_lines", "voltage_kv > 30 AND status <> 'planned'", """{"op":"and","args":[{"op":">","args":[{"property":"voltage_kv"},30]},{"op":"<>","args":[{"property":"status"},"planned"]}]}""", "voltage_kv > 30 AND status <> 'planned'" },
        { "wells", "completed_on > DATE('2016-06-30')", """{"op":">","args":[{"property":"completed_on"},{"date":"2016-06-30"}]}""", "completed_on > '2016-06-30'" },
        // property-property
        { "wells", "started_on > planned_on", """{"op":">","args":[{"property":"started_on"},{"property":"planned_on"}]}""", "started_on > planned_on" },
        // spatial
        { "roads", "S_INTERSECTS(geometry, BBOX(109.5, 39.3, 110.3, 40.0))", """{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[109.5,39.3,110.3,40.0]}]}""",
          "ST_Intersects(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326))" },
        { "roads", "S_WITHIN(geometry, POLYGON((109.5 39.3, 110.3 39.3, 110.3 40.0, 109.5 40.0, 109.5 39.3)))",
          """{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[109.5,39.3],[110.3,39.3],[110.3,40.0],[109.5,40.0],[109.5,39.3]]]}]}""",
          "ST_Within(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326))" },
        { "admin_units", "S_CONTAINS(geometry, POINT(109.78 39.61))", """{"op":"s_contains","args":[{"property":"geometry"},{"type":"Point","coordinates":[109.78,39.61]}]}""",
          "ST_Contains(geom, ST_SetSRID(ST_MakePoint(109.78, 39.61), 4326))" },
        { "roads", "S_CROSSES(geometry, LINESTRING(109.0 39.0, 110.5 40.5))", """{"op":"s_crosses","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[109.0,39.0],[110.5,40.5]]}]}""",
          "ST_Crosses(geom, 'SRID=4326;LINESTRING(109.0 39.0, 110.5 40.5)'::geometry)" },
        { "wells", "S_DISJOINT(geometry, BBOX(106, 37, 109.5, 41))", """{"op":"s_disjoint","args":[{"property":"geometry"},{"bbox":[106,37,109.5,41]}]}""",
          "ST_Disjoint(geom, ST_MakeEnvelope(106, 37, 109.5, 41, 4326))" },
        // temporal
        { "roads", "T_AFTER(completed_on, DATE('2016-01-01'))", """{"op":"t_after","args":[{"property":"completed_on"},{"date":"2016-01-01"}]}""", "completed_on > '2016-01-01'" },
        { "roads", "T_INTERSECTS(INTERVAL(planned_on, completed_on), INTERVAL('2016-01-01', '2016-06-30'))",
          """{"op":"t_intersects","args":[{"interval":[{"property":"planned_on"},{"property":"completed_on"}]},{"interval":["2016-01-01","2016-06-30"]}]}""",
          "planned_on <= '2016-06-30' AND completed_on >= '2016-01-01'" },
        { "power_lines", "T_DURING(started_on, INTERVAL('2015-01-01', '..'))", """{"op":"t_during","args":[{"property":"started_on"},{"interval":["2015-01-01",".."]}]}""",
          "started_on > '2015-01-01'" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task A_filter_in_either_encoding_selects_what_SQL_selects(string collection, string text, string json, string where)
    {
        var table = Collections.Find(collection)!.Table;
        var expected = await f.ColumnAsync<long>($"SELECT id FROM {table} WHERE {where} ORDER BY id");
        Assert.NotEmpty(expected);
        foreach (var (filter, lang) in new[] { (text, "cql2-text"), (json, "cql2-json") })
        {
            var (features, matched) = await f.Http.AllItems($"/ogc/collections/{collection}/items?limit=200&filter-lang={lang}&filter={Uri.EscapeDataString(filter)}");
            Assert.Equal(expected, features.Select(x => x.GetProperty("id").GetInt64()));
            Assert.Equal(expected.Count, matched);
        }
    }

    [Fact]
    public async Task A_filter_is_ANDed_with_bbox_datetime_and_queryable_parameters()
    {
        var expected = await f.ColumnAsync<long>("""
            SELECT id FROM roads WHERE road_class <> 'village' AND status = 'completed'
              AND ST_Intersects(geom, ST_MakeEnvelope(109, 39, 110.5, 40.5, 4326))
              AND completed_on >= '2015-01-01' ORDER BY id
            """);
        Assert.NotEmpty(expected);
        var (features, matched) = await f.Http.AllItems("/ogc/collections/roads/items?limit=50&status=completed&bbox=109,39,110.5,40.5&datetime=2015-01-01/..&filter=" +
            Uri.EscapeDataString("road_class <> 'village'"));
        Assert.Equal(expected, features.Select(x => x.GetProperty("id").GetInt64()));
        Assert.Equal(expected.Count, matched);
    }

    [Theory]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", "S_INTERSECTS(geometry, BBOX(39.3, 109.5, 40.0, 110.3))")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4490", "S_INTERSECTS(geometry, POLYGON((39.3 109.5, 39.3 110.3, 40.0 110.3, 40.0 109.5, 39.3 109.5)))")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857", "S_INTERSECTS(geometry, BBOX(12189389, 4764551, 12278445, 4865942))")]
    public async Task Filter_crs_names_the_crs_of_geometry_literals(string crs, string filter)
    {
        var expected = await f.ColumnAsync<long>(crs.EndsWith("3857", StringComparison.Ordinal)
            ? "SELECT id FROM roads WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(12189389, 4764551, 12278445, 4865942, 3857), 4326)) ORDER BY id"
            : "SELECT id FROM roads WHERE ST_Intersects(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326)) ORDER BY id");
        var (features, _) = await f.Http.AllItems($"/ogc/collections/roads/items?limit=500&filter-crs={Uri.EscapeDataString(crs)}&filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(expected, features.Select(x => x.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("filter=road_clas%3D'x'", "filter", 1)]
    [InlineData("filter=road_class%20%3D%20'x'%20AND", "filter", 21)]
    [InlineData("filter=code%20%3E%205", "filter", 8)]
    [InlineData("filter=road_class%20%3E%205", "filter", 14)]
    [InlineData("filter-lang=cql2-json&filter=%7B%22op%22%3A%22%3D%22%2C%22args%22%3A%5B%7B%22property%22%3A%22nope%22%7D%2C1%5D%7D", "filter", "args[0]")]
    [InlineData("filter=road_class%3D'x'&filter-lang=sql", "filter-lang", null)]
    [InlineData("filter=road_class%3D'x'&filter-crs=EPSG:4326", "filter-crs", null)]
    public async Task Invalid_filters_are_400_pointing_at_the_position(string query, string field, object? position)
    {
        var r = await f.Http.GetAsync("/ogc/collections/roads/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Json();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        if (position is int character) Assert.Equal(character, problem.GetProperty("position").GetInt32());
        if (position is string path) Assert.Equal(path, problem.GetProperty("position").GetString());
    }

    [Fact]
    public async Task Values_from_a_filter_never_become_SQL()
    {
        var before = await f.CountAsync("roads");
        foreach (var hostile in new[] { "x'); DROP TABLE roads; --", "' OR '1'='1", "%' OR 1=1 --" })
        {
            var text = $"name = '{hostile.Replace("'", "''")}' OR code LIKE '{hostile.Replace("'", "''")}'";
            var page = await f.Http.GetJson("/ogc/collections/roads/items?filter=" + Uri.EscapeDataString(text));
            Assert.Equal(0, page.GetProperty("numberMatched").GetInt64());
        }
        Assert.Equal(before, await f.CountAsync("roads"));
    }
}
