using System.Diagnostics;
using System.Net;
using RelocationPlanner.Api.Tests.Import;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Security;

/// <summary>
/// An upload whose service dies mid-import is removed from the spool when a service starts again, while
/// what another live instance holds, and a queued job's upload, stay.
/// </summary>
public class SpoolSweepTests
{
    [Fact]
    public async Task An_upload_killed_mid_import_is_swept_at_the_next_start_and_live_work_is_kept()
    {
        var dir = Gdal.TempDir();
        var spool = Path.Combine(dir, "spool");
        Directory.CreateDirectory(spool);
        var env = new Dictionary<string, string> { ["RP_IMPORT_DIR"] = spool, ["RP_GDAL_TIMEOUT_SECONDS"] = "120" };
        var db = await TestDatabase.CreateAsync("sweep");

        // Another instance's import in progress (its lock held by this test process), a queued job's
        // upload, and leftovers of an earlier crash and of a job abandoned three days ago.
        var live = Folder(spool, "up-live");
        using var liveLock = new FileStream(Path.Combine(live, ".lock"), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var queued = Folder(spool, "job-queued");
        var crashed = Folder(spool, "up-crashed", age: TimeSpan.FromMinutes(5));
        var abandoned = Folder(spool, "job-abandoned", age: TimeSpan.FromDays(3));

        var gpkg = await Hostile.GeoPackageView(dir, "endless",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT n.i AS fid, s.geom AS geom, 'W' || n.i AS code, 'other' AS well_type, 'planned' AS status FROM n, seed s");
        var first = await ServiceProcess.StartAsync(db, env);
        string upload;
        try
        {
            var token = await TokenAsync(first.ConnectionString);
            first.Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var request = first.Http.PostAsync("/api/wells/import", Gdal.Upload(gpkg));
            // Wait until GDAL works on the upload, then kill the service alone, as a crash would.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (GdalOn(spool).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "GDAL never started on the upload");
                await Task.Delay(100);
            }
            upload = Assert.Single(Directory.GetDirectories(spool, "up-*"), d => d != live && d != crashed);
            Process.GetProcessById(first.ProcessId).Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => request);
        }
        finally
        {
            await first.DisposeAsync();
            foreach (var p in GdalOn(spool))
            {
                p.Kill();
                await p.WaitForExitAsync();
            }
        }
        Assert.True(Directory.Exists(upload), "the crash should have left the upload behind");

        await using var second = await ServiceProcess.StartAsync(db, env);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/health")).StatusCode);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists(upload) && DateTime.UtcNow < until) await Task.Delay(200);
        Assert.False(Directory.Exists(upload), "the killed upload is still in the spool");
        Assert.False(Directory.Exists(crashed));
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(live), "a folder another process holds was swept");
        Assert.True(Directory.Exists(queued), "a queued job's upload was swept");
        Directory.Delete(dir, true);
    }

    static string Folder(string spool, string name, TimeSpan age = default)
    {
        var path = Path.Combine(spool, name);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "upload.csv"), "lon,lat\n");
        File.WriteAllText(Path.Combine(path, ".lock"), "");
        Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow - (age == default ? TimeSpan.FromMinutes(1) : age));
        return path;
    }

    static async Task<string> TokenAsync(string db)
    {
        await using var users = Data.Database.CreateDataSource(db, "sweep-test");
        return await Data.Users.UserStore.AddAsync(users, "sweep-admin", Data.Users.Roles.Admin, "test", CancellationToken.None);
    }

    /// <summary>GDAL processes reading from this spool (found by their command line).</summary>
    static List<Process> GdalOn(string spool) =>
        Process.GetProcesses().Where(p => p.ProcessName is "ogrinfo" or "ogr2ogr" && CommandLine(p).Contains(spool, StringComparison.Ordinal)).ToList();

    static string CommandLine(Process p)
    {
        try { return File.ReadAllText($"/proc/{p.Id}/cmdline"); }
        catch (IOException) { return ""; }
    }
}
