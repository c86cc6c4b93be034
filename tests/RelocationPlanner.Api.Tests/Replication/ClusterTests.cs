using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Tests.Replication;

/// <summary>
/// The local cluster (tools/cluster): reads go to the hot standby, writers read their own writes,
/// reports from the standby are snapshots, a killed instance's job finishes on the other, and a
/// stopped standby costs no failed read. Each test leaves the cluster as it found it.
/// </summary>
[Trait("Category", "Cluster")]
[Collection("local cluster")]
public class ClusterTests
{
    const int Roads = 40_000;

    [ClusterFact]
    public async Task Reads_go_to_the_standby_and_a_writer_reads_its_own_writes_through_the_other_instance()
    {
        var c = LocalCluster.Read();
        var auth = await TwoInstancesTests.AdminAsync(Data.Database.ToConnectionString(c["OWNER"]));
        using var a = c.Client("A", auth);
        using var b = c.Client("B", auth);
        await c.SqlAsync("STANDBY", "SELECT pg_wal_replay_pause()");
        string item, lsn;
        try
        {
            var created = await a.PostAsync("/api/sites", Site("RYW-" + Guid.NewGuid().ToString("N")[..6]));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            lsn = created.Headers.GetValues(Replicas.Header).Single();
            Assert.Matches(Data.Replication.WalPosition.Format(), lsn);
            item = $"/ogc/collections/sites/items/{(await created.Json()).GetProperty("id").GetInt64()}";

            // B reads the standby, which has not replayed the write yet...
            Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(item)).StatusCode);
            // ...unless the reader carries the writer's position: B waits (RP_READ_WAIT_MS), then reads the primary.
            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(WithPosition(item, lsn))).StatusCode);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"answered in {clock.Elapsed} without waiting for the standby");
            // A position the primary never reached (forged) buys no wait: the standby answers at once.
            clock.Restart();
            Assert.Equal(HttpStatusCode.NotFound, (await b.SendAsync(WithPosition(item, "FFFFFFF/0"))).StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"a forged position held the read {clock.Elapsed}");
            // A browser carries it as a cookie: A's client got one with the write.
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync(item)).StatusCode);
        }
        finally
        {
            await c.SqlAsync("STANDBY", "SELECT pg_wal_replay_resume()");
        }
        // Replayed: the standby answers, at once also for the writer.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await b.GetAsync(item)).StatusCode != HttpStatusCode.OK) { Assert.True(DateTime.UtcNow < deadline, "the standby never replayed the write"); await Task.Delay(100); }
        var quick = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(WithPosition(item, lsn))).StatusCode);
        Assert.True(quick.Elapsed < TimeSpan.FromSeconds(1.5));
    }

    [ClusterFact]
    public async Task A_report_read_from_the_standby_during_a_bulk_import_never_shows_part_of_it_as_complete()
    {
        var c = LocalCluster.Read();
        var auth = await TwoInstancesTests.AdminAsync(Data.Database.ToConnectionString(c["OWNER"]));
        using var a = c.Client("A", auth);
        using var b = c.Client("B", auth);
        var (before, _) = await RoadKmAsync(b);
        var path = await RoadsFileAsync();
        var seen = new List<(double Km, long Queued)>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { seen.Add(await RoadKmAsync(b)); await Task.Delay(50); }
        });
        var (job, lsn) = await ImportAsync(a, path);
        Assert.Equal("succeeded", job);
        // More roads than rp.refresh_sync_limit: their clipping is queued, and drains (on either
        // instance) commit it a batch of the sync limit at a time after the import (so a national
        // refresh never runs one hour-long transaction); the reader goes on until the standby shows it.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        (double Km, long Queued) after;
        while ((after = await RoadKmAsync(b, lsn)).Queued > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the queued clipping of {after.Queued} roads was never drained");
            await Task.Delay(200);
        }
        stop.Cancel();
        await reader;
        Assert.NotEqual(before, after.Km); // the roads lie in the demo's counties: the report moved
        Assert.True(seen.Count >= 3, $"only {seen.Count} reads during the import");
        // Each read is one snapshot: its km and its queued count agree. With nothing queued it is
        // the whole import or none of it; a part shows only beside the roads still queued, and
        // grows as the batches commit.
        Assert.All(seen, r => Assert.True(r.Queued > 0 ? r.Km >= before && r.Km <= after.Km : r.Km == before || r.Km == after.Km,
            $"a partial import showed as complete: {r.Km} km, {r.Queued} queued (before {before}, after {after.Km})"));
        for (var i = 1; i < seen.Count; i++)
            Assert.True(seen[i].Km >= seen[i - 1].Km, $"the report went back from {seen[i - 1].Km} to {seen[i].Km} km");
        File.Delete(path);
    }

    [ClusterFact]
    public async Task An_instance_killed_mid_import_leaves_the_job_to_the_other_which_stores_it_once()
    {
        var c = LocalCluster.Read();
        var owner = Data.Database.ToConnectionString(c["OWNER"]);
        var auth = await TwoInstancesTests.AdminAsync(owner);
        using var a = c.Client("A", auth);
        using var lb = c.Client("LB", auth);
        var roadsBefore = Convert.ToInt64(await c.SqlAsync("PRIMARY", "SELECT count(*) FROM roads"), CultureInfo.InvariantCulture);
        var path = await RoadsFileAsync();
        try
        {
            var location = await StartImportAsync(a, path);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                var job = await (await a.GetAsync(location)).Json();
                if (job.GetProperty("status").GetString() == "running" && job.GetProperty("progress").GetDouble() > 0) break;
                Assert.NotEqual("succeeded", job.GetProperty("status").GetString()); // too fast to kill: more roads
                Assert.True(DateTime.UtcNow < deadline, "the import never started");
                await Task.Delay(100);
            }
            var runner = (await Import.ImportCrashTests.QueueStatesAsync(owner, location)).Last(s => s.Name == "Processing");
            var pid = int.Parse(runner.ServerId.Split(':')[1], CultureInfo.InvariantCulture);
            Assert.Contains(pid.ToString(CultureInfo.InvariantCulture), new[] { c["A_PID"], c["B_PID"] });
            Process.GetProcessById(pid).Kill(); // SIGKILL, as a crash

            // The survivor takes the job up once the dead worker's claim lapses (RP_JOBS_INVISIBILITY_SECONDS).
            var end = DateTime.UtcNow.AddMinutes(5);
            string status;
            while (true)
            {
                var r = await lb.GetAsync(location);
                status = r.IsSuccessStatusCode ? (await r.Json()).GetProperty("status").GetString()! : "";
                if (status is "succeeded" or "failed") break;
                Assert.True(DateTime.UtcNow < end, $"the job never finished (status {status})");
                await Task.Delay(250);
            }
            Assert.Equal("succeeded", status);
            Assert.Equal(roadsBefore + Roads, Convert.ToInt64(await c.SqlAsync("PRIMARY", "SELECT count(*) FROM roads"), CultureInfo.InvariantCulture));
            var states = await Import.ImportCrashTests.QueueStatesAsync(owner, location);
            var processing = states.Where(s => s.Name == "Processing").ToList();
            Assert.Equal(2, processing.Count);
            Assert.NotEqual(processing[0].ServerId, processing[1].ServerId); // finished by the other instance
            Assert.Equal(1, states.Count(s => s.Name == "Succeeded"));
        }
        finally
        {
            await c.RepairAsync();
            File.Delete(path);
        }
    }

    [ClusterFact]
    public async Task Stopping_the_standby_sends_reads_to_the_primary_without_errors()
    {
        var c = LocalCluster.Read();
        var auth = await TwoInstancesTests.AdminAsync(Data.Database.ToConnectionString(c["OWNER"]));
        using var lb = c.Client("LB", auth);
        string[] reads = ["/ogc/collections/sites/items?limit=20", "/tiles/roads/6/51/24.pbf", "/api/reports/infrastructure?level=county", "/api/households?limit=50"];
        await AllOkAsync(lb, reads, 3); // the standby's pooled connections are open now
        try
        {
            await LocalCluster.ToolAsync("pg", "stop", c["STANDBY_DIR"]);
            await AllOkAsync(lb, reads, 10);
        }
        finally
        {
            await c.RepairAsync();
        }
        await AllOkAsync(lb, reads, 3);
    }

    /// <summary>Generated roads with codes no earlier run used (the generator numbers them from 1).</summary>
    static async Task<string> RoadsFileAsync()
    {
        var path = await Import.ImportCrashTests.RoadsFileAsync(Roads);
        var tag = "C" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"GR", "\"" + tag, StringComparison.Ordinal));
        return path;
    }

    static async Task AllOkAsync(HttpClient http, string[] paths, int rounds)
    {
        for (var i = 0; i < rounds; i++)
            foreach (var p in paths)
            {
                var r = await http.GetAsync(p);
                Assert.True(r.StatusCode == HttpStatusCode.OK, $"{p}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
    }

    static HttpRequestMessage WithPosition(string path, string lsn)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, path);
        req.Headers.Add(Replicas.Header, lsn);
        return req;
    }

    /// <summary>Total road km of the county infrastructure report (read through <paramref name="http"/>) and the roads it says are still queued for clipping.</summary>
    static async Task<(double Km, long Queued)> RoadKmAsync(HttpClient http, string? lsn = null)
    {
        var r = await http.SendAsync(lsn is null ? new HttpRequestMessage(HttpMethod.Get, Report) : WithPosition(Report, lsn));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var report = await r.Json();
        return (Math.Round(report.GetProperty("rows").EnumerateArray().Sum(row => row.GetProperty("road_km").GetDouble()), 3),
            report.GetProperty("queued_for_refresh").GetInt64());
    }

    const string Report = "/api/reports/infrastructure?level=county";

    internal static async Task<string> StartImportAsync(HttpClient http, string path)
    {
        var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        var r = await http.PostAsync("/api/roads/import", content);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode); // > 5 MB: a background job
        return r.Headers.Location!.ToString();
    }

    /// <summary>Imports as a background job, waits for it; its final status and the WAL position its last answer carried.</summary>
    static async Task<(string Status, string Lsn)> ImportAsync(HttpClient http, string path)
    {
        var location = await StartImportAsync(http, path);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var r = await http.GetAsync(location);
            var status = (await r.Json()).GetProperty("status").GetString()!;
            if (status is "succeeded" or "failed") return (status, r.Headers.GetValues(Replicas.Header).Single());
            Assert.True(DateTime.UtcNow < deadline, "the import did not finish");
            await Task.Delay(200);
        }
    }

    internal static StringContent Site(string code) => new(
        $$$"""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[108.1,38.6],[108.104,38.6],[108.104,38.603],[108.1,38.603],[108.1,38.6]]]},"properties":{"code":"{{{code}}}","name":"集群测试安置点","site_type":"centralized","capacity_households":50}}""",
        Encoding.UTF8, "application/geo+json");
}
