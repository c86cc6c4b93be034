using System.Globalization;
using System.Net;
using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// OGC API - Features Part 2 (CRS by reference), from its abstract tests (/conf/crs/...):
/// every offered CRS on items and item with Content-Crs, coordinates as PostGIS transforms them
/// in the CRS's axis order, bbox-crs boxes, refusals of unknown CRSs.
/// </summary>
[Collection(OgcDemo.Name)]
public class FeaturesCrsConformanceTests(DemoServiceFixture f)
{
    public static TheoryData<string> Crss => [.. OgcCrsList.All.Select(c => c.Uri)];

    [Fact]
    public async Task Every_collection_lists_the_crss_with_CRS84_and_its_storage_crs_among_them()
    {
        var doc = await f.Http.GetJson("/ogc/collections");
        Assert.Equal(OgcCrsList.All.Select(c => c.Uri), doc.GetProperty("crs").EnumerateArray().Select(e => e.GetString()));
        foreach (var c in doc.GetProperty("collections").EnumerateArray())
        {
            var crs = c.GetProperty("crs").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.Contains(OgcCrsList.Crs84Uri, crs);
            Assert.Contains(c.GetProperty("storageCrs").GetString(), crs);
            Assert.All(crs, u => Assert.True(Uri.TryCreate(u, UriKind.Absolute, out var x) && x.Scheme == "http" && u.StartsWith("http://www.opengis.net/def/crs/", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Without_crs_answers_are_CRS84_and_say_so()
    {
        foreach (var c in Collections.All)
        {
            var r = await f.Http.GetAsync($"/ogc/collections/{c.Id}/items?limit=1");
            Assert.Equal($"<{OgcCrsList.Crs84Uri}>", r.Headers.GetValues("Content-Crs").Single());
            var id = (await r.Json()).GetProperty("features")[0].GetProperty("id").GetInt64();
            var item = await f.Http.GetAsync($"/ogc/collections/{c.Id}/items/{id}");
            Assert.Equal($"<{OgcCrsList.Crs84Uri}>", item.Headers.GetValues("Content-Crs").Single());
        }
    }

    [Theory]
    [MemberData(nameof(Crss))]
    public async Task Each_crs_returns_coordinates_as_PostGIS_transforms_them_in_its_axis_order(string uri)
    {
        var crs = OgcCrsList.Find(uri)!;
        foreach (var collection in new[] { "roads", "admin_units", "wells" })
        {
            var table = Collections.Find(collection)!.Table;
            var r = await f.Http.GetAsync($"/ogc/collections/{collection}/items?limit=3&crs={Uri.EscapeDataString(uri)}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal($"<{uri}>", r.Headers.GetValues("Content-Crs").Single());
            foreach (var feature in (await r.Json()).GetProperty("features").EnumerateArray())
            {
                var id = feature.GetProperty("id").GetInt64();
                var served = Positions(feature.GetProperty("geometry"));
                var flip = crs.NorthFirst ? "ST_FlipCoordinates" : "";
                var wkt = await f.ScalarAsync<string>($"SELECT ST_AsText({flip}(ST_Transform(geom, $1))) FROM {table} WHERE id = $2", crs.Srid, id);
                var expected = Positions(wkt);
                Assert.Equal(expected.Count, served.Count);
                var tolerance = crs.Geographic ? 1e-7 : 1e-3;
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.InRange(Math.Abs(served[i].A - expected[i].A), 0, tolerance);
                    Assert.InRange(Math.Abs(served[i].B - expected[i].B), 0, tolerance);
                }
                // The item resource says the same.
                var item = await f.Http.GetAsync($"/ogc/collections/{collection}/items/{id}?crs={Uri.EscapeDataString(uri)}");
                Assert.Equal($"<{uri}>", item.Headers.GetValues("Content-Crs").Single());
                Assert.Equal(feature.GetProperty("geometry").ToString(), (await item.Json()).GetProperty("geometry").ToString());
            }
        }
    }

    [Fact]
    public async Task Lat_lon_crss_put_latitude_first_and_gauss_kruger_puts_northing_first()
    {
        var crs84 = Positions((await f.Http.GetJson("/ogc/collections/towns/items?limit=1")).GetProperty("features")[0].GetProperty("geometry"))[0];
        var epsg4326 = Positions((await f.Http.GetJson("/ogc/collections/towns/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/4326")).GetProperty("features")[0].GetProperty("geometry"))[0];
        Assert.Equal((crs84.B, crs84.A), (epsg4326.A, epsg4326.B));
        var gk = Positions((await f.Http.GetJson("/ogc/collections/towns/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/4545")).GetProperty("features")[0].GetProperty("geometry"))[0];
        Assert.InRange(gk.A, 4_000_000, 4_600_000); // northing near 39-40 N
        Assert.InRange(gk.B, 300_000, 700_000);     // easting with the 500 km false easting
    }

    public static TheoryData<string, string, string> Boxes => new()
    {
        // bbox-crs, the box in its axis order, the PostGIS polygon it covers
        { OgcCrsList.Crs84Uri, "109.5,39.3,110.3,40.0", "ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326)" },
        { "http://www.opengis.net/def/crs/EPSG/0/4326", "39.3,109.5,40.0,110.3", "ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326)" },
        { "http://www.opengis.net/def/crs/EPSG/0/4490", "39.3,109.5,40.0,110.3", "ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326)" },
        { "http://www.opengis.net/def/crs/EPSG/0/3857", "12189389,4764551,12278445,4865942", "ST_Transform(ST_MakeEnvelope(12189389, 4764551, 12278445, 4865942, 3857), 4326)" },
        // CM 108E zone, northing first; PostGIS densifies the same way (16 points a side).
        { "http://www.opengis.net/def/crs/EPSG/0/4545", "4360000,560000,4440000,640000",
          "ST_Transform(ST_Segmentize(ST_MakeEnvelope(560000, 4360000, 640000, 4440000, 4545), 5000), 4326)" },
    };

    [Theory]
    [MemberData(nameof(Boxes))]
    public async Task A_bbox_in_bbox_crs_selects_what_PostGIS_selects_with_that_box(string bboxCrs, string bbox, string polygon)
    {
        var expected = await f.ColumnAsync<long>($"SELECT id FROM roads WHERE ST_Intersects(geom, {polygon}) ORDER BY id");
        Assert.NotEmpty(expected);
        var (features, matched) = await f.Http.AllItems($"/ogc/collections/roads/items?limit=500&bbox={bbox}&bbox-crs={Uri.EscapeDataString(bboxCrs)}");
        Assert.Equal(expected, features.Select(x => x.GetProperty("id").GetInt64()));
        Assert.Equal(expected.Count, matched);
    }

    [Theory]
    [InlineData("/ogc/collections/roads/items?crs=EPSG:4326", "crs")]
    [InlineData("/ogc/collections/roads/items?crs=http://www.opengis.net/def/crs/EPSG/0/4533", "crs")]
    [InlineData("/ogc/collections/roads/items/1?crs=http://www.opengis.net/def/crs/EPSG/0/2000", "crs")]
    [InlineData("/ogc/collections/roads/items?bbox=1,2,3,4&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/32649", "bbox-crs")]
    [InlineData("/ogc/collections/roads/items?bbox-crs=nonsense", "bbox-crs")]
    [InlineData("/ogc/collections/roads/items?bbox=100,30,95,40&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326", "bbox")]
    public async Task Crs_values_outside_the_list_are_400(string url, string field)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(field, (await r.Json()).GetProperty("field").GetString());
    }

    /// <summary>All positions of a GeoJSON geometry, or of WKT, as (first axis, second axis).</summary>
    static List<(double A, double B)> Positions(JsonElement geometry)
    {
        var list = new List<(double, double)>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Number) list.Add((e[0].GetDouble(), e[1].GetDouble()));
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
        }
        Walk(geometry.GetProperty("coordinates"));
        return list;
    }

    static List<(double A, double B)> Positions(string wkt) =>
        [.. System.Text.RegularExpressions.Regex.Matches(wkt, @"(-?[\d.eE+-]+) (-?[\d.eE+-]+)")
            .Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];
}
