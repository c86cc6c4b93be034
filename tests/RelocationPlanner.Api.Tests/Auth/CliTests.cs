using System.Diagnostics;
using System.Net;
using Npgsql;
using RelocationPlanner.Data.Users;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Auth;

/// <summary>The built `rp` CLI (users, backup, restore) against real databases and a real service.</summary>
public class CliTests
{
    /// <summary>rp.dll as built beside this test (same configuration); the project reference builds it first.</summary>
    internal static readonly string RpDll = Path.Combine(TestDatabase.RepoRoot, "src", "RelocationPlanner.Cli", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "rp.dll");

    internal static async Task<(int Code, string Out, string Err)> Rp(string db, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(RpDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RP_DATABASE_URL"] = db;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    static string LastLine(string s) => s.TrimEnd().Split('\n')[^1].Trim();

    static async Task<long> Scalar(string db, string sql)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Backup_then_restore_brings_back_users_tokens_and_data()
    {
        var db = await TestDatabase.CreateAsync("cli");
        var add = await Rp(db, "users", "add", "carol", "--role", "engineer");
        Assert.True(add.Code == 0, add.Err);
        var token = LastLine(add.Out);
        Assert.True(UserStore.LooksLikeToken(token), add.Out);
        await Scalar(db, "INSERT INTO wells (code, well_type, status, geom) VALUES ('W-backup', 'hand_pumped', 'completed', ST_SetSRID(ST_MakePoint(108.3, 38.8), 4326)) RETURNING id");

        var file = Path.Combine(Path.GetTempPath(), $"rp-backup-{Guid.NewGuid():N}.dump");
        try
        {
            var backup = await Rp(db, "backup", "-o", file);
            Assert.True(backup.Code == 0, backup.Err);
            Assert.True(new FileInfo(file).Length > 1000);

            await Scalar(db, "WITH a AS (DELETE FROM wells RETURNING 1), b AS (DELETE FROM api_tokens RETURNING 1) SELECT count(*) FROM a");
            await Scalar(db, "DELETE FROM users");
            Assert.Equal(0, await Scalar(db, "SELECT count(*) FROM wells"));
            await using (var ds = Data.Database.CreateDataSource(db))
                Assert.Null(await UserStore.FindAsync(ds, token, CancellationToken.None));

            var restore = await Rp(db, "restore", file);
            Assert.True(restore.Code == 0, restore.Err);
            Assert.Equal(1, await Scalar(db, "SELECT count(*) FROM wells WHERE code = 'W-backup'"));
            await using (var ds = Data.Database.CreateDataSource(db))
                Assert.Equal(new TokenOwner("carol", "engineer"), await UserStore.FindAsync(ds, token, CancellationToken.None));
            var list = await Rp(db, "users", "list");
            Assert.Contains("carol", list.Out);
            // History survived too, and the restore wrote none of its own rows into the past.
            Assert.True(await Scalar(db, "SELECT count(*) FROM history WHERE entity = 'wells' AND entity_code = 'W-backup'") == 1);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_CLI_token_writes_through_the_service_until_revoked()
    {
        await using var service = await ServiceProcess.StartAsync();
        var db = service.ConnectionString;
        var add = await Rp(db, "users", "add", "dave.eng", "--role", "engineer");
        Assert.True(add.Code == 0, add.Err);
        using var client = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", LastLine(add.Out));

        var road = AuthFixture.Sample("roads", "R-cli");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/roads", AuthFixture.Body(road))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/sites", AuthFixture.Body(AuthFixture.Sample("sites", "S-cli")))).StatusCode);
        Assert.Equal(1, await Scalar(db, "SELECT count(*) FROM history WHERE entity = 'roads' AND changed_by = 'dave.eng'"));

        var dup = await Rp(db, "users", "add", "dave.eng", "--role", "admin");
        Assert.Equal(1, dup.Code);
        Assert.Contains("exists", dup.Err);
        Assert.NotEqual(0, (await Rp(db, "users", "add", "eve", "--role", "superuser")).Code);
        Assert.NotEqual(0, (await Rp(db, "users", "add", "bad name;", "--role", "viewer")).Code);

        var revoke = await Rp(db, "users", "revoke", "dave.eng");
        Assert.True(revoke.Code == 0, revoke.Err);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/roads", AuthFixture.Body(AuthFixture.Sample("roads", "R-cli2")))).StatusCode);
        Assert.Equal(1, (await Rp(db, "users", "revoke", "dave.eng")).Code);
        Assert.Contains("revoked", (await Rp(db, "users", "list")).Out);
        Assert.Equal(1, await Scalar(db, "SELECT count(*) FROM history WHERE entity = 'users' AND op = 'update' AND changed_by LIKE 'cli:%'"));
    }
}
