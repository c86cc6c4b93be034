using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;

namespace RelocationPlanner.TestSupport;

/// <summary>
/// A real PostGIS for tests: the server tools/test started (RP_TEST_DATABASE_URL, a superuser's
/// URL), or one this process starts with the project's own launcher. Never skipped: no PostGIS
/// fails the test. Each caller gets a fresh database cloned from a migrated template (milliseconds,
/// not seconds), owned by the test owner role; services started on it answer requests as the test
/// application role (<see cref="AppConnectionString"/>), with the production grants.
/// </summary>
public static class TestDatabase
{
    static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    static readonly SemaphoreSlim TemplateLock = new(1, 1);
    static string? template;

    /// <summary>The roles of test databases, made on the test server (never tools/run's rp_owner/rp_app).</summary>
    public const string OwnerRole = "rp_test_owner", AppRole = "rp_test_app";

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Creates a new, migrated, empty database; returns its Npgsql connection string as the owner role.</summary>
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
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{tpl}\" OWNER {OwnerRole}", conn);
                await cmd.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
        // A clone does not inherit the settings the migrations gave the template's database
        // (work_mem, jit): carry them over, so tests run as the service's sessions do.
        await using (var settings = new NpgsqlCommand("""
            SELECT coalesce(string_agg(format('ALTER DATABASE %I SET %s = %L', $1::text, split_part(c, '=', 1), substr(c, strpos(c, '=') + 1)), '; '), '')
            FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) c
            WHERE d.datname = $2 AND s.setrole = 0
            """, conn))
        {
            settings.Parameters.AddWithValue(name);
            settings.Parameters.AddWithValue(tpl);
            if (await settings.ExecuteScalarAsync() is string { Length: > 0 } alter)
            {
                await using var apply = new NpgsqlCommand(alter, conn);
                await apply.ExecuteNonQueryAsync();
            }
        }
        return As(WithDatabase(server, name, pooling: true), OwnerRole, server);
    }

    /// <summary>The same database as the application role: what a service's RP_DATABASE_URL gets.</summary>
    public static string AppConnectionString(string ownerConnectionString) =>
        As(ownerConnectionString, AppRole, Server.Value.GetAwaiter().GetResult());

    static string As(string connectionString, string role, string server) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = PasswordOf(role, server) }.ConnectionString;

    /// <summary>
    /// The test roles' passwords, derived from the server's superuser password: every test process
    /// sharing the server computes the same ones without storing them anywhere.
    /// </summary>
    static string PasswordOf(string role, string server) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(new NpgsqlConnectionStringBuilder(Database.ToConnectionString(server)).Password ?? ""),
            Encoding.UTF8.GetBytes(role))).ToLowerInvariant();

    static async Task<string> EnsureTemplateAsync(string server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (template is not null) return template;
            // Everything the migrate step applies: the numbered files, the job queue's version, the grants.
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join("\n", SqlResources.Folder("Migrations").Select(m => m.Name + m.Sql))
                + typeof(Hangfire.PostgreSql.PostgreSqlObjectsInstaller).Assembly.GetName().Version
                + SqlResources.Get("app_role_grants.sql") + OwnerRole + AppRole)))[..12].ToLowerInvariant();
            var name = "rp_template_" + hash;
            await using var conn = new NpgsqlConnection(WithDatabase(server, "postgres", pooling: false));
            await conn.OpenAsync();
            // Several test processes share the server: one builds the template, the others wait.
            await using (var l = new NpgsqlCommand("SELECT pg_advisory_lock(7262001)", conn)) await l.ExecuteNonQueryAsync();
            try
            {
                await EnsureRolesAsync(conn, server);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate", conn);
                exists.Parameters.AddWithValue(name);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", conn)) await drop.ExecuteNonQueryAsync();
                    await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {OwnerRole}", conn)) await create.ExecuteNonQueryAsync();
                    var cs = WithDatabase(server, name, pooling: false);
                    // As tools/pg does for its database: the superuser installs PostGIS (not a trusted
                    // extension), the owner role migrates and grants the application role.
                    await using (var ds = Database.CreateDataSource(cs))
                    await using (var postgis = ds.CreateCommand("CREATE EXTENSION IF NOT EXISTS postgis")) await postgis.ExecuteNonQueryAsync();
                    await using (var ds = Database.CreateDataSource(As(cs, OwnerRole, server))) await Migrator.MigrateAsync(ds, AppRole, CancellationToken.None);
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

    /// <summary>The test roles, as tools/pg makes rp_owner and rp_app: logins without any other power.</summary>
    static async Task EnsureRolesAsync(NpgsqlConnection conn, string server)
    {
        foreach (var role in new[] { OwnerRole, AppRole })
        {
            await using (var exists = new NpgsqlCommand($"SELECT 1 FROM pg_roles WHERE rolname = '{role}'", conn))
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE ROLE {role}", conn);
                    await create.ExecuteNonQueryAsync();
                }
            // Roles are shared by every database on the server: a concurrent run may set the same password.
            await using var alter = new NpgsqlCommand(
                $"ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{PasswordOf(role, server)}'", conn);
            await alter.ExecuteNonQueryAsync();
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
