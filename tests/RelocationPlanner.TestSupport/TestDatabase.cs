using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;

namespace RelocationPlanner.TestSupport;

/// <summary>
/// A real PostGIS for tests: the server tools/test started (RP_TEST_DATABASE_URL), or one this
/// process starts with the project's own launcher. Never skipped: no PostGIS fails the test.
/// Each caller gets a fresh database cloned from a migrated template (milliseconds, not seconds).
/// </summary>
public static class TestDatabase
{
    static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    static readonly SemaphoreSlim TemplateLock = new(1, 1);
    static string? template;

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Creates a new, migrated, empty database; returns its Npgsql connection string.</summary>
    public static async Task<string> CreateAsync(string prefix = "t")
    {
        var server = await Server.Value;
        var tpl = await EnsureTemplateAsync(server);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)].ToLowerInvariant();
        await using var conn = new NpgsqlConnection(WithDatabase(server, "postgres", pooling: false));
        await conn.OpenAsync();
        // Cloning a template fails while another session is connected to it: retry briefly.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{tpl}\"", conn);
                await cmd.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
        return WithDatabase(server, name, pooling: true);
    }

    static async Task<string> EnsureTemplateAsync(string server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (template is not null) return template;
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join("\n", SqlResources.Folder("Migrations").Select(m => m.Name + m.Sql)))))[..12].ToLowerInvariant();
            var name = "rp_template_" + hash;
            await using var conn = new NpgsqlConnection(WithDatabase(server, "postgres", pooling: false));
            await conn.OpenAsync();
            // Several test processes share the server: one builds the template, the others wait.
            await using (var l = new NpgsqlCommand("SELECT pg_advisory_lock(7262001)", conn)) await l.ExecuteNonQueryAsync();
            try
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate", conn);
                exists.Parameters.AddWithValue(name);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", conn)) await drop.ExecuteNonQueryAsync();
                    await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn)) await create.ExecuteNonQueryAsync();
                    var cs = WithDatabase(server, name, pooling: false);
                    await using (var ds = Database.CreateDataSource(cs)) await Migrator.MigrateAsync(ds, CancellationToken.None);
                    await using var mark = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH is_template true", conn);
                    await mark.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                await using var u = new NpgsqlCommand("SELECT pg_advisory_unlock(7262001)", conn);
                await u.ExecuteNonQueryAsync();
            }
            return template = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    static string WithDatabase(string server, string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(Database.ToConnectionString(server)) { Database = database, Pooling = pooling }.ConnectionString;

    static async Task<string> StartServerAsync()
    {
        var url = Environment.GetEnvironmentVariable("RP_TEST_DATABASE_URL");
        if (!string.IsNullOrEmpty(url)) return url;
        // No server given: start a throwaway cluster with the project's launcher, stopped at exit.
        var dir = Path.Combine(Path.GetTempPath(), "rp-test-pg-" + Environment.ProcessId);
        var output = await Run(Path.Combine(RepoRoot, "tools", "pg"), $"start {dir}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(RepoRoot, "tools", "pg"), $"stop {dir}").GetAwaiter().GetResult();
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return output.Trim().Split('\n')[^1];
    }

    public static async Task<string> Run(string file, string args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {args} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RelocationPlanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("RelocationPlanner.sln not found above " + AppContext.BaseDirectory);
    }
}
