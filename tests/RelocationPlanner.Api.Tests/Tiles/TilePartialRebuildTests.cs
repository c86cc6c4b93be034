using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using RelocationPlanner.Api.Tiles;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Tiles;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Tiles;

/// <summary>After a small edit only the pre-built tiles it touches are built again; a bulk import still rebuilds all.</summary>
public sealed class TilePartialRebuildTests(PrebuildFixture f) : IClassFixture<PrebuildFixture>
{
    static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        int n = 1 << z;
        double r = lat * Math.PI / 180;
        return ((int)((lon + 180) / 360 * n), (int)((1 - Math.Asinh(Math.Tan(r)) / Math.PI) / 2 * n));
    }

    static JsonObject National(string code, params (double, double)[] pts) =>
        Geo.Feature(Geo.Line(pts), new() { ["code"] = code, ["road_class"] = "national", ["status"] = "completed" });

    async Task<long> RoadsVersionAsync()
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT COALESCE((SELECT version FROM data_versions WHERE entity = 'roads'), 0)", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    async Task<JsonElement> ReadyAsync(long version)
    {
        for (int i = 0; i < 600; i++)
        {
            var status = JsonDocument.Parse(await f.Http.GetStringAsync("/tiles/prebuilt")).RootElement;
            foreach (var c in status.GetProperty("collections").EnumerateArray())
                if (c.GetProperty("collection").GetString() == "roads" && c.GetProperty("state").GetString() == "ready" && c.GetProperty("version").GetInt64() == version)
                    return c.Clone();
            await Task.Delay(100);
        }
        throw new TimeoutException($"roads version {version} was not pre-built within a minute");
    }

    async Task<byte[]> TileAsync(int z, (int X, int Y) t) => await f.Http.GetByteArrayAsync($"/tiles/roads/{z}/{t.X}/{t.Y}.pbf");

    /// <summary>What PostGIS builds for the tile now, without the service's cache.</summary>
    async Task<byte[]> FreshAsync(int z, (int X, int Y) t)
    {
        await using var db = Data.Database.CreateDataSource(f.Service.ConnectionString);
        return await TileQueries.TileAsync(db, Collections.Find("roads")!, z, t.X, t.Y, CancellationToken.None);
    }

    [Fact]
    public async Task A_one_road_edit_rebuilds_only_the_tiles_it_touches()
    {
        // National roads over 106.5-110.5E, 37.5-40.5N (about 200 tiles z6-z10); the one to edit sits in the south-east.
        var roads = new List<JsonObject>();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 4; j++)
                roads.Add(National($"PR-{i}-{j}", (106.5 + i, 37.5 + j), (106.53 + i, 37.52 + j)));
        roads.Add(National("PR-EDIT", (110.0, 38.0), (110.05, 38.03)));
        (await f.PostGeoJson("/api/roads/import", Geo.Collection([.. roads]))).EnsureSuccessStatusCode();
        var before = await ReadyAsync(await RoadsVersionAsync());
        int tiles = before.GetProperty("tiles").GetInt32();
        Assert.InRange(tiles, 150, 400);

        var near = TileOf(110.03, 38.015, 10);
        var far = TileOf(106.51, 40.51, 10);
        var nearBefore = await TileAsync(10, near);
        var farBefore = await TileAsync(10, far);
        Assert.Contains("PR-EDIT", System.Text.Encoding.UTF8.GetString(nearBefore));
        Assert.NotEmpty(farBefore);

        // Move the road a little, inside the same z10 tile.
        var id = await IdOfAsync("PR-EDIT");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/roads/{id}")
        {
            Content = new StringContent(National("PR-EDIT", (110.02, 38.01), (110.08, 38.0)).ToJsonString(), System.Text.Encoding.UTF8, "application/geo+json"),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        (await f.Http.SendAsync(put)).EnsureSuccessStatusCode();

        var after = await ReadyAsync(await RoadsVersionAsync());
        Assert.Equal("partial", after.GetProperty("rebuild").GetString());
        Assert.Equal(1, after.GetProperty("changed_rows").GetInt32());
        Assert.Equal(tiles, after.GetProperty("tiles").GetInt32());
        int rebuilt = after.GetProperty("rebuilt").GetInt32();
        Assert.InRange(rebuilt, 5, 20); // at least the one tile per zoom z6-z10 under the road, at most a few more at edges
        Assert.Equal(tiles - rebuilt, after.GetProperty("carried_over").GetInt32());

        // The tile under the road serves the new geometry: what PostGIS builds now, not what it served before.
        var nearAfter = await TileAsync(10, near);
        var fresh = await FreshAsync(10, near);
        Assert.NotEqual(nearBefore, fresh);
        Assert.Equal(fresh, nearAfter);
        // A tile elsewhere was carried over: the very same bytes.
        Assert.Equal(farBefore, await TileAsync(10, far));
        Assert.Equal(farBefore, await FreshAsync(10, far));
    }

    [Fact]
    public async Task A_bulk_import_or_a_large_update_rebuilds_every_tile()
    {
        // 1,200 short village roads in one import: one bulk history row.
        var roads = Enumerable.Range(0, 1200).Select(i =>
        {
            var road = National($"BULK-{i}", (107.0 + i % 40 * 0.05, 38.0 + i / 40 * 0.05), (107.02 + i % 40 * 0.05, 38.01 + i / 40 * 0.05));
            road["properties"]!["road_class"] = "village";
            return road;
        }).ToArray();
        (await f.PostGeoJson("/api/roads/import", Geo.Collection(roads))).EnsureSuccessStatusCode();
        var bulk = await ReadyAsync(await RoadsVersionAsync());
        // Bulk over a set built before (the first start's set counts); the very first build says "no earlier set".
        Assert.Equal("full", bulk.GetProperty("rebuild").GetString());
        Assert.Equal(bulk.GetProperty("tiles").GetInt32(), bulk.GetProperty("rebuilt").GetInt32());
        Assert.Equal(0, bulk.GetProperty("carried_over").GetInt32());
        Assert.Contains(bulk.GetProperty("reason").GetString(), new[] { "bulk insert", "no earlier set" });

        // 1,200 single-row history entries from one update: more than the partial limit.
        await using (var conn = new NpgsqlConnection(f.Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("UPDATE roads SET surface = 'gravel' WHERE code LIKE 'BULK-%'", conn);
            Assert.Equal(1200, await cmd.ExecuteNonQueryAsync());
        }
        var many = await ReadyAsync(await RoadsVersionAsync());
        Assert.Equal("full", many.GetProperty("rebuild").GetString());
        Assert.Equal("more than 300 changed rows", many.GetProperty("reason").GetString());
        Assert.Equal(0, many.GetProperty("carried_over").GetInt32());
    }

    [Fact]
    public async Task A_change_committed_after_the_mark_with_a_lower_history_id_is_found()
    {
        var cs = await TestDatabase.CreateAsync("tiles");
        await using var db = Data.Database.CreateDataSource(cs);
        var roads = Collections.Find("roads")!;
        var start = await TileChanges.SinceAsync(db, roads, null, 300, CancellationToken.None);

        // T1 writes a road (its history id is taken) and stays open; T2 writes a well (a higher history id) and commits.
        await using var t1 = await db.OpenConnectionAsync();
        await using var tx1 = await t1.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("INSERT INTO roads (code, road_class, status, geom) VALUES ('RACE-1', 'national', 'completed', 'SRID=4326;LINESTRING(109 39, 109.1 39.1)')", t1, tx1))
            await cmd.ExecuteNonQueryAsync();
        await using (var cmd = db.CreateCommand("INSERT INTO wells (code, well_type, status, geom) VALUES ('RACE-W', 'electromechanical', 'completed', 'SRID=4326;POINT(109 39)')"))
            await cmd.ExecuteNonQueryAsync();
        var mark = await TileChanges.SinceAsync(db, roads, start.Mark, 300, CancellationToken.None);
        Assert.Equal(start.Mark.Version, mark.Mark.Version); // T1 not visible yet
        Assert.Empty(mark.Boxes!);
        await tx1.CommitAsync();

        var next = await TileChanges.SinceAsync(db, roads, mark.Mark, 300, CancellationToken.None);
        Assert.Equal(1, next.Rows);
        var box = Assert.Single(next.Boxes!);
        Assert.Equal(new ChangeBox(109, 39, 109.1, 39.1), box);
        Assert.Equal(0, (await TileChanges.SinceAsync(db, roads, next.Mark, 300, CancellationToken.None)).Rows);
    }

    async Task<long> IdOfAsync(string code)
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM roads WHERE code = $1", conn);
        cmd.Parameters.AddWithValue(code);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public void A_tile_is_touched_by_bounds_within_its_buffer_only()
    {
        var t = TileOf(110.03, 38.015, 10);
        var (w, s, e, n) = TilePrebuilder.TileBounds(10, t.X, t.Y, 0);
        Assert.True(w < 110.03 && 110.03 < e && s < 38.015 && 38.015 < n);
        double width = e - w;
        Assert.True(TilePrebuilder.Touches((10, t.X, t.Y), [new ChangeBox(e + width * 0.01, s, e + width * 0.02, n)]));
        Assert.False(TilePrebuilder.Touches((10, t.X, t.Y), [new ChangeBox(e + width * 0.2, s, e + width * 0.3, n)]));
        Assert.False(TilePrebuilder.Touches((10, t.X, t.Y), []));
    }
}
