using System.Globalization;
using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>numberMatched under its time budget: a page whose count runs out is still served whole.</summary>
public class CountBudgetTests
{
    [Fact]
    public async Task A_page_whose_count_runs_out_of_time_comes_whole_without_numberMatched()
    {
        var db = await TestDatabase.CreateAsync("budget");
        await using var data = NpgsqlDataSource.Create(db);
        await using (var cmd = data.CreateCommand("""
            INSERT INTO roads (code, road_class, status, geom)
            SELECT 'B-' || i, 'county', 'completed',
                   ST_SetSRID(ST_MakeLine(ST_MakePoint(109 + (i % 300) * 0.001, 39 + (i / 300) * 0.001),
                                          ST_MakePoint(109.0005 + (i % 300) * 0.001, 39.0005 + (i / 300) * 0.001)), 4326)
            FROM generate_series(1, 60000) i
            """))
            await cmd.ExecuteNonQueryAsync();
        var expected = new List<long>();
        await using (var cmd = data.CreateCommand("SELECT id FROM roads ORDER BY id LIMIT 100"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) expected.Add(r.GetInt64(0));

        await using var service = await ServiceProcess.StartAsync(db, new Dictionary<string, string>
        {
            ["RP_OGC_COUNT_MS"] = "10",
            ["RP_WARMUP_SECONDS"] = "0",
            ["RP_TILE_PREBUILD_SECONDS"] = "0",
        });
        // A 150-vertex ring around every road: 60 000 exact intersection tests take far longer than 10 ms.
        var ring = string.Join(", ", Enumerable.Range(0, 151).Select(k => k % 150 * 2 * Math.PI / 150)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{109.15 + Math.Cos(a):0.0000} {39.1 + Math.Sin(a):0.0000}")));
        var url = $"/ogc/collections/roads/items?limit=100&filter={Uri.EscapeDataString($"S_INTERSECTS(geometry, POLYGON(({ring})))")}";
        // The first asks with the page in the count's statement; the second finds the count remembered as unknown.
        foreach (var attempt in new[] { 1, 2 })
        {
            var page = await (await service.Http.GetAsync(url)).Json();
            Assert.False(page.TryGetProperty("numberMatched", out _), $"attempt {attempt}");
            Assert.Equal(100, page.GetProperty("numberReturned").GetInt32());
            Assert.Equal(expected, page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            Assert.Contains(page.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "next");
        }
    }
}
