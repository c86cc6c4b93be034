using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Import;

/// <summary>Killing the service in the middle of a large import leaves all or nothing of it; the job ends failed or re-run.</summary>
public class ImportCrashTests
{
    const int N = 100_000;

    [Fact]
    public async Task A_killed_import_leaves_all_or_nothing_and_the_job_finishes_after_restart()
    {
        var dir = Gdal.TempDir();
        var path = Path.Combine(dir, "roads.geojson");
        await using (var file = File.Create(path)) GeoJsonIO.WriteCollection(file, new ScaleGenerator(11).Roads(N));

        var db = await TestDatabase.CreateAsync("crash");
        var service = await ServiceProcess.StartAsync(db);
        AuthenticationHeaderValue auth;
        await using (var users = RelocationPlanner.Data.Database.CreateDataSource(db, "crash-test"))
        {
            var token = await RelocationPlanner.Data.Users.UserStore.AddAsync(users, "crash-admin", RelocationPlanner.Data.Users.Roles.Admin, "test", CancellationToken.None);
            auth = new AuthenticationHeaderValue("Bearer", token);
            service.Http.DefaultRequestHeaders.Authorization = auth;
        }
        string location;
        try
        {
            var content = new StreamContent(File.OpenRead(path));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
            var r = await service.Http.PostAsync("/api/roads/import", content);
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode); // > 5 MB: a background job
            location = r.Headers.Location!.ToString();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                var job = await (await service.Http.GetAsync(location)).Json();
                if (job.GetProperty("progress").GetDouble() > 0 && job.GetProperty("status").GetString() == "running") break;
                Assert.NotEqual("succeeded", job.GetProperty("status").GetString()); // too fast to kill: make N larger
                Assert.True(DateTime.UtcNow < deadline, "the job never started");
                await Task.Delay(100);
            }
        }
        finally
        {
            await service.DisposeAsync(); // kills the process tree mid-import
        }

        Assert.Contains(await CountAsync(db), new long[] { 0, N });
        await using var restarted = await ServiceProcess.StartAsync(db);
        restarted.Http.DefaultRequestHeaders.Authorization = auth; // job documents are for signed-in users
        JsonElement final = default;
        for (var i = 0; i < 900; i++)
        {
            final = await (await restarted.Http.GetAsync(location)).Json();
            if (final.GetProperty("status").GetString() is "succeeded" or "failed") break;
            Assert.Contains(await CountAsync(db), new long[] { 0, N });
            await Task.Delay(200);
        }
        var status = final.GetProperty("status").GetString();
        Assert.True(status is "succeeded" or "failed", $"job still {status} after restart");
        Assert.Equal(status == "succeeded" ? N : 0, await CountAsync(db));
        Directory.Delete(dir, true);
    }

    static async Task<long> CountAsync(string db)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM roads", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
