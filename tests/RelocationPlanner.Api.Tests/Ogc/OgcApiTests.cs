using System.Net;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Ogc;

[Collection(OgcDemo.Name)]
public class OgcApiTests(DemoServiceFixture f)
{
    [Fact]
    public async Task Demo_data_fills_every_collection()
    {
        foreach (var c in Collections.All)
            Assert.True(await f.CountAsync(c.Table) > 0, $"{c.Id} is empty after the demo load");
        // Real banner codes from the source outlines.
        Assert.Equal(1, await f.CountAsync("admin_units WHERE code = '150602' AND name = '东胜区' AND level = 'county'"));
        // Reports see the demo infrastructure too (parts are kept for rows loaded at start).
        var report = await (await f.Http.GetAsync("/api/reports/infrastructure?level=county&status=completed")).Json();
        Assert.True(report.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("road_km").GetDouble()) > 100);
    }

    [Fact]
    public async Task Landing_conformance_and_collections_follow_OGC_API_Features()
    {
        var landing = await (await f.Http.GetAsync("/ogc")).Json();
        var rels = landing.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()).ToList();
        Assert.Contains("conformance", rels);
        Assert.Contains("data", rels);

        var conformance = await (await f.Http.GetAsync("/ogc/conformance")).Json();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            conformance.GetProperty("conformsTo").EnumerateArray().Select(e => e.GetString()));

        var collections = await (await f.Http.GetAsync("/ogc/collections")).Json();
        var ids = collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(["admin_units", "towns", "settlements", "sites", "roads", "wells", "power_lines"], ids);
    }

    [Fact]
    public async Task A_collections_extent_is_PostGIS_extent_and_follows_a_write()
    {
        async Task<double[]> Served() => (await (await f.Http.GetAsync("/ogc/collections/wells")).Json())
            .GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        async Task<double[]> PostGis()
        {
            await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM wells) x", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            return [r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)];
        }
        Assert.Equal(await PostGis(), await Served());
        Assert.Equal(await PostGis(), await Served()); // the second answer comes from the kept extent

        // A well far north-east of Ordos: the next answer includes it.
        var made = await f.PostGeoJson("/api/wells", Geo.Feature(Geo.Point(121.5, 45.25),
            new() { ["code"] = "W-extent", ["well_type"] = "hand_pumped", ["status"] = "planned" }));
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var after = await Served();
        Assert.Equal(await PostGis(), after);
        Assert.Equal(121.5, after[2], 6);
        Assert.Equal(45.25, after[3], 6);
    }

    [Fact]
    public async Task Items_page_with_next_links_until_every_feature_is_read_once()
    {
        var total = await f.CountAsync("roads");
        var seen = new HashSet<long>();
        var url = "/ogc/collections/roads/items?limit=300";
        var pages = 0;
        while (url is not null)
        {
            var r = await f.Http.GetAsync(url);
            Assert.Equal("application/geo+json", r.Content.Headers.ContentType!.MediaType);
            var page = await r.Json();
            foreach (var feature in page.GetProperty("features").EnumerateArray())
                Assert.True(seen.Add(feature.GetProperty("id").GetInt64()));
            url = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
            pages++;
        }
        Assert.Equal(total, seen.Count);
        Assert.Equal((int)Math.Ceiling(total / 300.0) + (total % 300 == 0 ? 1 : 0), pages);
    }

    [Fact]
    public async Task Bbox_returns_what_PostGIS_finds_in_the_box()
    {
        var inBox = await f.CountAsync("towns WHERE ST_Intersects(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326))");
        Assert.True(inBox > 0);
        var page = await (await f.Http.GetAsync("/ogc/collections/towns/items?bbox=109.5,39.3,110.3,40.0&limit=1000")).Json();
        Assert.Equal(inBox, page.GetProperty("numberReturned").GetInt32());
        foreach (var t in page.GetProperty("features").EnumerateArray())
        {
            var c = t.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(c[0].GetDouble(), 109.5, 110.3);
            Assert.InRange(c[1].GetDouble(), 39.3, 40.0);
        }
    }

    [Fact]
    public async Task Features_carry_the_contract_property_names()
    {
        foreach (var c in Collections.All)
        {
            var page = await (await f.Http.GetAsync($"/ogc/collections/{c.Id}/items?limit=1")).Json();
            var props = page.GetProperty("features")[0].GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(c.Properties.Select(p => p.Name), props);
        }
    }

    [Theory]
    [InlineData("bbox=1,2,3")]
    [InlineData("bbox=a,b,c,d")]
    [InlineData("bbox=110,40,109,39")]
    [InlineData("bbox=1,2,3,4%27%20OR%201=1--")]
    [InlineData("limit=0")]
    [InlineData("limit=-5")]
    [InlineData("limit=ten")]
    [InlineData("after=1;DROP%20TABLE%20roads")]
    [InlineData("bbox-crs=EPSG:3857")]
    public async Task Bad_query_parameters_are_400_problems(string query)
    {
        var r = await f.Http.GetAsync("/ogc/collections/roads/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var field = (await r.Json()).GetProperty("field").GetString();
        Assert.Equal(query.Split('=')[0], field);
    }

    [Fact]
    public async Task Limit_above_the_maximum_is_clamped_and_serves_everything()
    {
        var page = await (await f.Http.GetAsync("/ogc/collections/roads/items?limit=500000")).Json();
        Assert.Equal(await f.CountAsync("roads"), page.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task Gdal_OAPIF_lists_and_reads_every_collection()
    {
        var list = await TestDatabase.Run("ogrinfo", $"-ro -q OAPIF:{f.Service.BaseUrl}/ogc");
        foreach (var c in Collections.All) Assert.Contains(c.Id, list);

        foreach (var c in Collections.All)
        {
            // GDAL reads every page through the OAPIF driver and writes what it read as GeoJSON.
            var json = await TestDatabase.Run("ogr2ogr", $"-f GeoJSON /vsistdout/ OAPIF:{f.Service.BaseUrl}/ogc {c.Id}");
            using var doc = JsonDocument.Parse(json);
            var features = doc.RootElement.GetProperty("features");
            Assert.Equal(await f.CountAsync(c.Table), features.GetArrayLength());
            var fields = features[0].GetProperty("properties").EnumerateObject().Select(x => x.Name).ToList();
            foreach (var p in c.Properties.Where(p => p.Required)) Assert.Contains(p.Name, fields);
        }
    }
}
