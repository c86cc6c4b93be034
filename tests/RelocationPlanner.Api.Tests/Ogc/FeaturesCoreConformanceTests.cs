using System.Globalization;
using System.Net;
using System.Text.Json;
using RelocationPlanner.Api.Ogc;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// OGC API - Features Part 1 (Core, GeoJSON, HTML, OAS 3.0), written from its abstract test
/// suite (/conf/core/...), against the real service and the demo data. Counts and extents are
/// compared with what PostGIS says.
/// </summary>
[Collection(OgcDemo.Name)]
public class FeaturesCoreConformanceTests(DemoServiceFixture f)
{
    [Fact]
    public async Task Root_links_to_api_conformance_and_data_each_with_rel_and_type()
    {
        var landing = await f.Http.GetJson("/ogc");
        foreach (var rel in new[] { "self", "alternate", "service-desc", "service-doc", "conformance", "data" })
            Assert.Single(landing.Links(rel));
        Assert.All(landing.GetProperty("links").EnumerateArray(), l =>
        {
            Assert.True(l.TryGetProperty("rel", out _));
            Assert.True(l.TryGetProperty("type", out _));
            Assert.StartsWith(f.Service.BaseUrl, l.GetProperty("href").GetString());
        });
        Assert.Equal(OgcApi.OpenApiType, landing.Links("service-desc").Single().GetProperty("type").GetString());
    }

    [Fact]
    public async Task Conformance_declares_parts_1_to_4_cql2_and_tiles()
    {
        var classes = (await f.Http.GetJson("/ogc/conformance")).GetProperty("conformsTo").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(Conformance.Classes, classes);
        foreach (var part in new[] { "ogcapi-features-1/1.0/conf/core", "ogcapi-features-2/1.0/conf/crs", "ogcapi-features-3/1.0/conf/filter",
            "ogcapi-features-4/1.0/conf/create-replace-delete", "cql2/1.0/conf/basic-cql2", "ogcapi-tiles-1/1.0/conf/core" })
            Assert.Contains(classes, c => c.EndsWith(part, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_definition_is_OpenAPI_3_0_with_the_items_parameters_as_the_standard_defines_them()
    {
        var r = await f.Http.GetAsync("/ogc/api");
        Assert.Equal("application/vnd.oai.openapi+json", r.Content.Headers.ContentType!.MediaType);
        var api = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.0.", api.GetProperty("openapi").GetString());
        Assert.Equal($"{f.Service.BaseUrl}/ogc", api.GetProperty("servers")[0].GetProperty("url").GetString());
        var p = api.GetProperty("components").GetProperty("parameters");
        // /conf/core/fc-limit-definition: integer; the bounds QGIS reads (components.parameters.limit.schema).
        var limit = p.GetProperty("limit");
        Assert.Equal("query", limit.GetProperty("in").GetString());
        Assert.Equal("integer", limit.GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("schema").GetProperty("minimum").GetInt32());
        Assert.Equal(OgcItems.MaxLimit, limit.GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.Equal(OgcItems.DefaultLimit, limit.GetProperty("schema").GetProperty("default").GetInt32());
        // /conf/core/fc-bbox-definition
        var bbox = p.GetProperty("bbox");
        Assert.Equal("array", bbox.GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("number", bbox.GetProperty("schema").GetProperty("items").GetProperty("type").GetString());
        Assert.Equal([4, 6], bbox.GetProperty("schema").GetProperty("oneOf").EnumerateArray().Select(o => o.GetProperty("minItems").GetInt32()));
        Assert.Equal("form", bbox.GetProperty("style").GetString());
        Assert.False(bbox.GetProperty("explode").GetBoolean());
        // /conf/core/fc-time-definition
        Assert.Equal("string", p.GetProperty("datetime").GetProperty("schema").GetProperty("type").GetString());
        // Every collection's items operation lists every parameter it takes, its queryables included (what GDAL reads).
        foreach (var c in Collections.All)
        {
            var names = api.GetProperty("paths").GetProperty($"/collections/{c.Id}/items").GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Select(x => x.TryGetProperty("$ref", out var rf) ? rf.GetString()!.Split('/')[^1] : x.GetProperty("name").GetString()).ToList();
            Assert.Equal([.. OgcItems.ItemsParameters, "id", .. c.Properties.Select(x => x.Name)], names);
            Assert.True(api.GetProperty("paths").GetProperty($"/collections/{c.Id}/items/{{featureId}}").TryGetProperty("patch", out _));
        }
    }

    [Fact]
    public async Task Collections_describe_every_collection_with_links_and_extents_that_hold_every_feature()
    {
        var doc = await f.Http.GetJson("/ogc/collections");
        Assert.Single(doc.Links("self"));
        foreach (var c in doc.GetProperty("collections").EnumerateArray())
        {
            var id = c.GetProperty("id").GetString()!;
            var table = Collections.Find(id)!.Table;
            Assert.Contains(c.Links("items"), l => l.GetProperty("type").GetString() == "application/geo+json");
            Assert.Equal(c.ToString(), (await f.Http.GetJson($"/ogc/collections/{id}")).ToString());
            // /conf/core/fc-md-extent: the box holds every geometry, the interval every date.
            var box = c.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(0L, await f.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE NOT ST_Covers(ST_MakeEnvelope($1, $2, $3, $4, 4326), geom)", box[0], box[1], box[2], box[3]));
            var dated = Collections.Find(id)!.Property("completed_on") is not null;
            Assert.Equal(dated, c.GetProperty("extent").TryGetProperty("temporal", out var temporal));
            if (!dated) continue;
            var interval = temporal.GetProperty("interval")[0];
            var first = DateOnly.Parse(interval[0].GetString()![..10], CultureInfo.InvariantCulture);
            Assert.Equal(first, await f.ScalarAsync<DateOnly>($"SELECT min(least(planned_on, started_on, completed_on)) FROM {table}"));
            var open = await f.ScalarAsync<bool>($"SELECT bool_or(completed_on IS NULL AND coalesce(planned_on, started_on) IS NOT NULL) FROM {table}");
            Assert.Equal(open, interval[1].ValueKind == JsonValueKind.Null);
        }
    }

    public static TheoryData<string, string, string> Selections => new()
    {
        // collection, query, the same selection in SQL
        { "roads", "", "true" },
        { "roads", "bbox=109.5,39.3,110.3,40.0", "ST_Intersects(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326))" },
        { "roads", "bbox=109.5,39.3,0,110.3,40.0,5000", "ST_Intersects(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326))" },
        { "roads", "status=completed&road_class=village", "status = 'completed' AND road_class = 'village'" },
        // datetime on the works (first date to completion, open while going on); features without dates match
        { "roads", "datetime=2016-06-01", Works("'2016-06-01'", "'2016-06-01'") },
        { "roads", "datetime=2016-06-01T00:00:00Z/2016-12-31T00:00:00Z", Works("'2016-06-01'", "'2016-12-31'") },
        { "wells", "datetime=2016-06-01/..", Works("'2016-06-01'", null) },
        { "wells", "datetime=2016-06-01/", Works("'2016-06-01'", null) },
        { "power_lines", "datetime=../2015-01-01", Works(null, "'2015-01-01'") },
        { "power_lines", "datetime=/2015-01-01", Works(null, "'2015-01-01'") },
        // collections without dates have no temporal geometry: every feature matches
        { "towns", "datetime=2016-06-01", "true" },
        { "sites", "filter=site_type%3D'centralized'&bbox=109,39,110.5,40.5", "site_type = 'centralized' AND ST_Intersects(geom, ST_MakeEnvelope(109, 39, 110.5, 40.5, 4326))" },
    };

    static string Works(string? start, string? end) =>
        "(coalesce(planned_on, started_on, completed_on) IS NULL OR (" +
        (end is null ? "true" : $"coalesce(planned_on, started_on, completed_on) <= {end}::date") + " AND " +
        (start is null ? "true" : $"(completed_on IS NULL OR completed_on >= {start}::date)") + "))";

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task Items_return_what_PostGIS_selects_and_numberMatched_counts_it(string collection, string query, string where)
    {
        var table = Collections.Find(collection)!.Table;
        var expected = await f.ColumnAsync<long>($"SELECT id FROM {table} WHERE {where} ORDER BY id");
        Assert.NotEmpty(expected);
        var (features, matched) = await f.Http.AllItems($"/ogc/collections/{collection}/items?limit=97&{query}");
        Assert.Equal(expected, features.Select(x => x.GetProperty("id").GetInt64()));
        Assert.Equal(expected.Count, matched);
    }

    [Fact]
    public async Task A_page_has_type_features_numberReturned_timeStamp_and_self_alternate_next_links()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var r = await f.Http.GetAsync("/ogc/collections/wells/items?limit=10&status=completed");
        Assert.Equal("application/geo+json", r.Content.Headers.ContentType!.MediaType);
        var page = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FeatureCollection", page.GetProperty("type").GetString());
        Assert.Equal(10, page.GetProperty("features").GetArrayLength());
        Assert.Equal(10, page.GetProperty("numberReturned").GetInt32());
        var stamp = DateTime.Parse(page.GetProperty("timeStamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(stamp, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal($"{f.Service.BaseUrl}/ogc/collections/wells/items?limit=10&status=completed", page.Links("self").Single().GetProperty("href").GetString());
        Assert.Equal("text/html", page.Links("alternate").Single().GetProperty("type").GetString());
        var next = page.Links("next").Single();
        Assert.Equal("application/geo+json", next.GetProperty("type").GetString());
        Assert.Contains("status=completed", next.GetProperty("href").GetString());
    }

    [Fact]
    public async Task Limit_caps_the_page_and_values_past_the_maximum_take_the_maximum_without_error()
    {
        var page = await f.Http.GetJson("/ogc/collections/roads/items?limit=7");
        Assert.Equal(7, page.GetProperty("features").GetArrayLength());
        // /req/core/fc-limit-response-1 C (1.0.1): larger than the maximum is not an error.
        foreach (var huge in new[] { "100001", "99999999999999999999" })
        {
            var all = await f.Http.GetJson("/ogc/collections/roads/items?limit=" + huge);
            Assert.Equal(await f.CountAsync("roads"), all.GetProperty("numberReturned").GetInt32());
            Assert.InRange(all.GetProperty("numberReturned").GetInt32(), 0, OgcItems.MaxLimit);
        }
    }

    [Theory]
    [InlineData("/ogc/collections/roads/items?sortby=name", "sortby")]
    [InlineData("/ogc/collections/roads/items?limit=5&foo=1&Status=completed", "Status,foo")]
    [InlineData("/ogc/collections/roads/items?population=5", "population")]
    [InlineData("/ogc/collections/roads/items/1?limit=5", "limit")]
    [InlineData("/ogc/collections?bbox=1,2,3,4", "bbox")]
    [InlineData("/ogc?x=1", "x")]
    [InlineData("/ogc/conformance?filter=a", "filter")]
    public async Task Unknown_query_parameters_are_400_naming_each(string url, string names)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Json();
        Assert.Equal(names.Split(','), problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.Equal("unknown_parameter", e.GetProperty("rule").GetString()));
    }

    [Theory]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("datetime=2016-13-01", "datetime")]
    [InlineData("datetime=../..", "datetime")]
    [InlineData("datetime=2017-01-01/2016-01-01", "datetime")]
    [InlineData("bbox=110.3,40,109.5,39.3", "bbox")]
    [InlineData("bbox=1,2,3,4,5", "bbox")]
    [InlineData("road_class=county&road_class=village", "road_class")]
    [InlineData("planned_on=soon", "planned_on")]
    [InlineData("f=xml", "f")]
    public async Task Invalid_parameter_values_are_400_naming_the_parameter(string query, string field)
    {
        var r = await f.Http.GetAsync("/ogc/collections/roads/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(field, (await r.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Every_feature_is_at_its_own_path_with_its_ETag_and_links()
    {
        foreach (var c in Collections.All)
        {
            var ids = await f.ColumnAsync<long>($"SELECT id FROM {c.Table} ORDER BY random() LIMIT 3");
            foreach (var id in ids)
            {
                var r = await f.Http.GetAsync($"/ogc/collections/{c.Id}/items/{id}");
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("application/geo+json", r.Content.Headers.ContentType!.MediaType);
                Assert.Equal($"\"v{await f.ScalarAsync<int>($"SELECT version FROM {c.Table} WHERE id = $1", id)}\"", r.Headers.ETag!.Tag);
                var feature = await r.Json();
                Assert.Equal("Feature", feature.GetProperty("type").GetString());
                Assert.Equal(id, feature.GetProperty("id").GetInt64());
                Assert.Single(feature.Links("self"));
                Assert.Single(feature.Links("collection"));
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/ogc/collections/roads/items/999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/ogc/collections/roads/items/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/ogc/collections/nope/items")).StatusCode);
    }

    [Theory]
    [InlineData("/ogc?f=html", "RelocationPlanner")]
    [InlineData("/ogc/conformance?f=html", "ogcapi-features-1/1.0/conf/core")]
    [InlineData("/ogc/collections?f=html", "Roads by class")]
    [InlineData("/ogc/collections/roads?f=html", "/ogc/collections/roads/items")]
    [InlineData("/ogc/collections/roads/queryables?f=html", "road_class")]
    [InlineData("/ogc/collections/towns/items?f=html&limit=5", "<td>")]
    [InlineData("/ogc/collections/towns/items/1?f=html", "geometry")]
    [InlineData("/ogc/api?f=html", "openapi")]
    public async Task Every_resource_answers_HTML_for_f_html(string url, string contains)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType!.MediaType);
        var html = await r.Content.ReadAsStringAsync();
        Assert.StartsWith("<!doctype html>", html);
        Assert.Contains(contains, html);
    }

    [Fact]
    public async Task A_browser_gets_HTML_and_GIS_clients_get_JSON_without_f()
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections/towns/items?limit=3");
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal("text/html", (await f.Http.SendAsync(browser)).Content.Headers.ContentType!.MediaType);
        using var gdal = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections/towns/items?limit=3");
        gdal.Headers.TryAddWithoutValidation("Accept", "application/geo+json, application/json");
        Assert.Equal("application/geo+json", (await f.Http.SendAsync(gdal)).Content.Headers.ContentType!.MediaType);
    }
}
