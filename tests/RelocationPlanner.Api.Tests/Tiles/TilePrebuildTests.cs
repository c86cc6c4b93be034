using System.Net;
using System.Text;
using System.Text.Json;
using RelocationPlanner.Api.Tiles;
using static RelocationPlanner.Api.Tests.Scoring.ScoringFixture;

namespace RelocationPlanner.Api.Tests.Tiles;

/// <summary>A service that re-checks the data version every second for the small-scale tile pre-build.</summary>
public sealed class PrebuildFixture : ServiceFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["RP_TILE_PREBUILD_SECONDS"] = "1" };
}

/// <summary>The small-scale tiles are built ahead after every data change and served under the same ETag rules.</summary>
public sealed class TilePrebuildTests(PrebuildFixture f) : IClassFixture<PrebuildFixture>
{
    static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        int n = 1 << z;
        double r = lat * Math.PI / 180;
        return ((int)((lon + 180) / 360 * n), (int)((1 - Math.Asinh(Math.Tan(r)) / Math.PI) / 2 * n));
    }

    async Task<JsonElement> ReadyAsync(long version)
    {
        for (int i = 0; i < 600; i++)
        {
            var status = JsonDocument.Parse(await f.Http.GetStringAsync("/tiles/prebuilt")).RootElement;
            foreach (var c in status.GetProperty("collections").EnumerateArray())
                if (c.GetProperty("collection").GetString() == "roads" && c.GetProperty("state").GetString() == "ready" && c.GetProperty("version").GetInt64() == version)
                    return c;
            await Task.Delay(100);
        }
        throw new TimeoutException($"roads version {version} was not pre-built within a minute");
    }

    // Only national and provincial roads are drawn at z8.
    static System.Text.Json.Nodes.JsonObject National(string code, string status, params (double, double)[] pts)
    {
        var road = Road(code, status, pts);
        road["properties"]!["road_class"] = "national";
        return road;
    }

    static async Task<long> VersionOf(HttpResponseMessage r) => long.Parse(r.Headers.ETag!.Tag.Trim('"').Split('-')[^1]);

    [Fact]
    public async Task Small_scale_tiles_are_built_ahead_and_again_after_a_write()
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new System.Text.Json.Nodes.JsonArray(
            National("PB-1", "completed", (109.0, 39.0), (109.3, 39.2)), National("PB-2", "completed", (109.5, 39.5), (109.6, 39.4)))
        };
        (await f.Http.PostAsync("/api/roads/import", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/geo+json"))).EnsureSuccessStatusCode();
        var (x, y) = TileOf(109.1, 39.1, 8);
        var first = await f.Http.GetAsync($"/tiles/roads/8/{x}/{y}.pbf");
        long v1 = await VersionOf(first);
        var built = await ReadyAsync(v1);
        Assert.Equal(6, built.GetProperty("min_zoom").GetInt32());
        Assert.Equal(10, built.GetProperty("max_zoom").GetInt32());
        Assert.InRange(built.GetProperty("tiles").GetInt32(), 5, 60); // z6-z10 over ~0.6 x 0.5 degrees
        var pre = await f.Http.GetAsync($"/tiles/roads/8/{x}/{y}.pbf");
        Assert.Contains("PB-1", Encoding.UTF8.GetString(await pre.Content.ReadAsByteArrayAsync()));
        Assert.Equal((await first.Content.ReadAsByteArrayAsync()).Length, (await pre.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(first.Headers.ETag, pre.Headers.ETag);

        // A write moves the version: the old ETag no longer matches, the new tile has the road, and the pre-build follows.
        var road = National("PB-3", "planned", (109.1, 39.1), (109.12, 39.12));
        (await f.PostGeoJson("/api/roads", road)).EnsureSuccessStatusCode();
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/tiles/roads/8/{x}/{y}.pbf");
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        var fresh = await f.Http.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Contains("PB-3", Encoding.UTF8.GetString(await fresh.Content.ReadAsByteArrayAsync()));
        await ReadyAsync(await VersionOf(fresh));
        var after = await f.Http.GetAsync($"/tiles/roads/8/{x}/{y}.pbf");
        Assert.Contains("PB-3", Encoding.UTF8.GetString(await after.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public void The_tiles_over_an_extent_stop_at_the_last_zoom_that_fits()
    {
        var ordos = (106.5, 37.5, 111.5, 40.9);
        var tiles = TilePrebuilder.TilesOver(ordos, 6, 10, 2000);
        Assert.Equal(6, tiles.Min(t => t.Z));
        Assert.Equal(10, tiles.Max(t => t.Z));
        Assert.Equal(20, tiles.Count(t => t.Z == 8)); // as the tile benchmark counts them
        Assert.Equal(8, TilePrebuilder.TilesOver(ordos, 6, 10, 30).Max(t => t.Z)); // z6-z8 make 28 tiles
    }
}
