using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RelocationPlanner.Web.Tests;

/// <summary>GET /api/map, the vector tiles (ETag, 304, 400, 404) and the web client at / over plain HTTP.</summary>
[Collection("web")]
public sealed class TilesAndMapApiTests(BrowserFixture fx)
{
    HttpClient Http => fx.Service.Http;

    /// <summary>The XYZ tile containing a lon/lat (Web Mercator).</summary>
    static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)((lon + 180) / 360 * n);
        var r = lat * Math.PI / 180;
        var y = (int)((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n);
        return (x, y);
    }

    [Fact]
    public async Task Map_definition_lists_the_layers_in_order_with_both_languages_and_legends()
    {
        var map = await Http.GetFromJsonAsync<JsonElement>("/api/map");
        var layers = map.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(["admin_units", "towns", "settlements", "sites", "roads", "wells", "power_lines"], layers.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["Admin units", "Towns", "Settlements", "Sites", "Roads", "Wells", "Power lines"], layers.Select(l => l.GetProperty("title").GetProperty("en").GetString()));
        Assert.Equal("行政区划", layers[0].GetProperty("title").GetProperty("zh").GetString());
        Assert.Equal(JsonValueKind.Null, map.GetProperty("basemap_url").ValueKind);
        var roads = layers[4];
        Assert.Equal("mvt", roads.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal("/tiles/roads/{z}/{x}/{y}.pbf", roads.GetProperty("source").GetProperty("url").GetString());
        Assert.Contains(roads.GetProperty("style").GetProperty("facets").EnumerateArray(), f => f.GetProperty("property").GetString() == "road_class");
        Assert.All(layers, l => Assert.NotEmpty(l.GetProperty("legend").EnumerateArray()));
    }

    [Fact]
    public async Task A_tile_carries_the_contract_properties_and_revalidates_with_its_ETag()
    {
        var (x, y) = TileOf(109.8, 39.6, 8);
        var r = await Http.GetAsync($"/tiles/roads/8/{x}/{y}.pbf");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", r.Content.Headers.ContentType?.MediaType);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 100, $"tile of {bytes.Length} bytes");
        var text = Encoding.UTF8.GetString(bytes);
        foreach (var key in new[] { "roads", "id", "code", "road_class", "status", "surface" }) Assert.Contains(key, text);
        var etag = r.Headers.ETag!.Tag;
        Assert.Contains("no-cache", r.Headers.CacheControl!.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/tiles/roads/8/{x}/{y}.pbf");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(again)).StatusCode);

        // A write to the collection changes the ETag: the old one no longer matches.
        var road = new
        {
            type = "Feature",
            properties = new { code = "TILE-ETAG-1", road_class = "national", status = "planned" },
            geometry = new { type = "LineString", coordinates = new[] { new[] { 109.80, 39.60 }, new[] { 109.81, 39.61 } } }
        };
        (await Http.PostAsync("/api/roads", new StringContent(JsonSerializer.Serialize(road), Encoding.UTF8, "application/geo+json"))).EnsureSuccessStatusCode();
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/tiles/roads/8/{x}/{y}.pbf");
        stale.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var fresh = await Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag!.Tag);
        Assert.Contains("TILE-ETAG-1", Encoding.UTF8.GetString(await fresh.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task An_empty_area_gives_an_empty_tile()
    {
        var r = await Http.GetAsync("/tiles/power_lines/10/0/0.pbf");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Empty(await r.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/tiles/roads/23/0/0.pbf", "z")]
    [InlineData("/tiles/roads/-1/0/0.pbf", "z")]
    [InlineData("/tiles/roads/8/256/0.pbf", "x")]
    [InlineData("/tiles/roads/8/0/300.pbf", "y")]
    [InlineData("/tiles/roads/8/a/0.pbf", "x")]
    public async Task Bad_tile_coordinates_are_a_400_problem(string url, string field)
    {
        var r = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_unknown_collection_is_a_404_problem()
    {
        var r = await Http.GetAsync("/tiles/households/1/0/0.pbf");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_web_client_is_served_at_the_root_and_a_unit_extent_for_zooming()
    {
        var r = await Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("<div id=\"map\"", await r.Content.ReadAsStringAsync());

        var unit = await Http.GetFromJsonAsync<JsonElement>("/api/map/units/150621");
        var bbox = unit.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(4, bbox.Length);
        Assert.True(bbox[0] < bbox[2] && bbox[1] < bbox[3]);
        Assert.InRange(bbox[0], 106, 112);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/map/units/nope")).StatusCode);
    }
}
