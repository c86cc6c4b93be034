using System.Text.RegularExpressions;
using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Hosting;

/// <summary>The request warm-up runs before /health says ready, and reads only.</summary>
public class RequestWarmupTests
{
    static readonly Dictionary<string, string> Env = new()
    {
        // Nothing else reads at start: no tile pre-building, no recurring change check.
        ["RP_TILE_PREBUILD_SECONDS"] = "0",
        ["RP_SCORING_CHECK_SECONDS"] = "0",
        ["RP_WARMUP_SECONDS"] = "120",
        ["Logging__LogLevel__RelocationPlanner.Api.Hosting.RequestWarmup"] = "Information",
    };

    [Fact]
    public async Task Health_stays_starting_while_the_warm_up_is_held_back_then_says_ready()
    {
        var db = await TestDatabase.CreateAsync("warm");
        // The warm-up reads every collection; a lock on sites (which nothing else reads at start) holds it back.
        await using var owner = new NpgsqlConnection(db);
        await owner.OpenAsync();
        await using var hold = await owner.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("LOCK TABLE sites IN ACCESS EXCLUSIVE MODE", owner, hold))
            await cmd.ExecuteNonQueryAsync();

        var starting = ServiceProcess.StartAsync(db, Env);
        var held = false;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(240);
            while (await WaitingOnLockAsync(owner) == 0)
            {
                Assert.False(starting.IsCompleted, "ready before the warm-up reached the locked table");
                Assert.True(DateTime.UtcNow < deadline, "the warm-up never read sites");
                await Task.Delay(200);
            }
            // Long enough for the rest of the start (the scoring index of an empty database) to be done;
            // ServiceProcess polls /health every 200 ms and returns at the first 200.
            await Task.Delay(8000);
            Assert.False(starting.IsCompleted, "/health said ready while the warm-up waited");
            held = true;
        }
        finally
        {
            await hold.RollbackAsync();
            // A failed check leaves no service process behind.
            if (!held) await (await starting).DisposeAsync();
        }
        await using var service = await starting;
        var health = await (await service.Http.GetAsync("/health")).Json();
        Assert.Equal("ready", health.GetProperty("status").GetString());
        Assert.Equal("0", (await WarmUpLineAsync(service)).Groups[2].Value);
    }

    [Fact]
    public async Task The_warm_up_writes_nothing()
    {
        var db = await TestDatabase.CreateAsync("warm");
        await using (var data = NpgsqlDataSource.Create(db))
        await using (var cmd = data.CreateCommand("""
            INSERT INTO roads (code, road_class, status, geom) VALUES ('W-1', 'county', 'completed', 'SRID=4326;LINESTRING(109 39, 109.1 39.1)');
            INSERT INTO wells (code, well_type, status, geom) VALUES ('W-2', 'electromechanical', 'completed', 'SRID=4326;POINT(109 39)')
            """))
            await cmd.ExecuteNonQueryAsync();
        var before = await RowCountsAsync(db);

        await using var service = await ServiceProcess.StartAsync(db, Env);
        var warmed = await WarmUpLineAsync(service);
        Assert.True(int.Parse(warmed.Groups[1].Value) >= 40, warmed.Value);
        Assert.Equal("0", warmed.Groups[2].Value);

        // Every table of the product (history and audit included) and the job queue's jobs: as before.
        Assert.Equal(before, await RowCountsAsync(db));
    }

    /// <summary>The warm-up's log line (requests, refused): logged before it reports done, read from the service's output.</summary>
    static async Task<Match> WarmUpLineAsync(ServiceProcess service)
    {
        for (var i = 0; i < 50; i++)
        {
            if (Regex.Match(service.Log, @"Warm-up: (\d+) requests \((\d+) refused\)") is { Success: true } m) return m;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("No warm-up line in the log:\n" + service.Log);
    }

    static async Task<long> WaitingOnLockAsync(NpgsqlConnection c)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*) FROM pg_locks WHERE relation = 'sites'::regclass AND NOT granted
            """, c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    static async Task<string> RowCountsAsync(string db)
    {
        await using var data = NpgsqlDataSource.Create(db);
        var tables = new List<string>();
        await using (var cmd = data.CreateCommand("""
            SELECT format('%I.%I', schemaname, relname) AS t FROM pg_stat_user_tables
            WHERE schemaname = 'public' OR (schemaname = 'hangfire' AND relname = 'job') ORDER BY 1
            """))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        var counts = new List<string>();
        foreach (var t in tables)
        {
            await using var cmd = data.CreateCommand($"SELECT count(*) FROM {t}");
            counts.Add($"{t}={await cmd.ExecuteScalarAsync()}");
        }
        return string.Join("\n", counts);
    }
}
