using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Import;

/// <summary>
/// A service killed (SIGKILL, no shutdown) in the middle of a large background import: the import
/// is one transaction, so nothing of it is stored; the job stays on the shared queue and runs again,
/// on a restarted service or on another instance, and its rows are stored exactly once.
/// </summary>
public class ImportCrashTests
{
    const int N = 100_000;

    /// <summary>Short, so a dead worker's job is fetched again within seconds (the default is minutes).</summary>
    static readonly Dictionary<string, string> QuickRetry = new() { ["RP_JOBS_INVISIBILITY_SECONDS"] = "5" };

    [Fact]
    public async Task A_killed_import_runs_again_after_restart_and_stores_its_rows_once()
    {
        var db = await TestDatabase.CreateAsync("crash");
        var path = await RoadsFileAsync();
        var service = await ServiceProcess.StartAsync(db, QuickRetry);
        var auth = await AdminAsync(db);
        string location;
        try
        {
            location = await StartImportAsync(service, auth, path);
            await WaitRunningAsync(service, location);
        }
        finally
        {
            await service.DisposeAsync(); // SIGKILL mid-import
        }
        Assert.Equal(0, await CountAsync(db));

        await using var restarted = await ServiceProcess.StartAsync(db, QuickRetry);
        restarted.Http.DefaultRequestHeaders.Authorization = auth;
        var final = await WaitFinishedAsync(restarted, location, db);
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(N, final.GetProperty("result").GetProperty("imported").GetInt64());
        Assert.Equal(N, await CountAsync(db));

        // Two runs (the killed one, the one that finished), one success; and no further run later.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Equal(N, await CountAsync(db));
        var states = await QueueStatesAsync(db, location);
        Assert.Equal(2, states.Count(s => s.Name == "Processing"));
        Assert.Equal(1, states.Count(s => s.Name == "Succeeded"));
        File.Delete(path);
    }

    [Fact]
    public async Task Two_instances_share_the_queue_and_the_survivor_finishes_a_killed_import_once()
    {
        var db = await TestDatabase.CreateAsync("crash2");
        var path = await RoadsFileAsync();
        var auth = await AdminAsync(db);
        var a = await ServiceProcess.StartAsync(db, QuickRetry);
        var b = await ServiceProcess.StartAsync(db, QuickRetry);
        try
        {
            b.Http.DefaultRequestHeaders.Authorization = auth;
            var location = await StartImportAsync(a, auth, path);
            await WaitRunningAsync(a, location);
            // Either instance may have fetched the job (its server id holds the process id): kill that one.
            var first = (await QueueStatesAsync(db, location)).Last(s => s.Name == "Processing");
            var runner = first.ServerId.Split(':')[1] == a.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) ? a : b;
            var survivor = runner == a ? b : a;
            await runner.DisposeAsync(); // SIGKILL mid-import
            Assert.Equal(0, await CountAsync(db));

            var final = await WaitFinishedAsync(survivor, location, db);
            Assert.Equal("succeeded", final.GetProperty("status").GetString());
            Assert.Equal(N, await CountAsync(db));
            var processing = (await QueueStatesAsync(db, location)).Where(s => s.Name == "Processing").ToList();
            Assert.Equal(2, processing.Count);
            Assert.Equal(first.ServerId, processing[0].ServerId);
            Assert.NotEqual(processing[0].ServerId, processing[1].ServerId); // taken over by the other instance
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
        File.Delete(path);
    }

    /// <summary>A GeoJSON file of <paramref name="n"/> generated roads (large enough for a background import).</summary>
    internal static async Task<string> RoadsFileAsync(int n = N)
    {
        var path = Path.Combine(Gdal.TempDir(), "roads.geojson");
        await using (var file = File.Create(path)) GeoJsonIO.WriteCollection(file, new ScaleGenerator(11).Roads(n));
        return path;
    }

    static async Task<AuthenticationHeaderValue> AdminAsync(string db)
    {
        await using var users = RelocationPlanner.Data.Database.CreateDataSource(db, "crash-test");
        var token = await RelocationPlanner.Data.Users.UserStore.AddAsync(users, "crash-admin-" + Guid.NewGuid().ToString("N")[..6],
            RelocationPlanner.Data.Users.Roles.Admin, "test", CancellationToken.None);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    static async Task<string> StartImportAsync(ServiceProcess service, AuthenticationHeaderValue auth, string path)
    {
        service.Http.DefaultRequestHeaders.Authorization = auth;
        var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        var r = await service.Http.PostAsync("/api/roads/import", content);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode); // > 5 MB: a background job
        return r.Headers.Location!.ToString();
    }

    static async Task WaitRunningAsync(ServiceProcess service, string location)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var job = await (await service.Http.GetAsync(location)).Json();
            if (job.GetProperty("progress").GetDouble() > 0 && job.GetProperty("status").GetString() == "running") return;
            Assert.NotEqual("succeeded", job.GetProperty("status").GetString()); // too fast to kill: make N larger
            Assert.True(DateTime.UtcNow < deadline, "the job never started");
            await Task.Delay(100);
        }
    }

    static async Task<JsonElement> WaitFinishedAsync(ServiceProcess service, string location, string db)
    {
        JsonElement job = default;
        for (var i = 0; i < 900; i++)
        {
            job = await (await service.Http.GetAsync(location)).Json();
            if (job.GetProperty("status").GetString() is "succeeded" or "failed") return job;
            Assert.Contains(await CountAsync(db), new long[] { 0, N });
            await Task.Delay(200);
        }
        Assert.Fail($"job still {job.GetProperty("status").GetString()}: {job}");
        return job;
    }

    static async Task<long> CountAsync(string db)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM roads", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The queue's state history of the job behind /api/jobs/{id} (Hangfire's own tables), oldest first.</summary>
    internal static async Task<List<(string Name, string ServerId)>> QueueStatesAsync(string db, string location)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT s.name, coalesce(s.data::jsonb ->> 'ServerId', '')
            FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE j.arguments::text LIKE '%' || $1 || '%' ORDER BY s.id
            """, conn);
        cmd.Parameters.AddWithValue(location.Split('/')[^1]);
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }
}
