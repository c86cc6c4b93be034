using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Roles;

/// <summary>
/// The cluster tools/pg makes for tools/run and tools/test (a fresh one here): no login without a
/// password, the passwords readable only by whoever ran it, and the owner and application roles
/// without power over the server.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // tools/pg is a bash script for Debian
public class LocalClusterTests
{
    [Fact]
    public async Task A_new_local_cluster_refuses_logins_without_the_password_and_has_the_two_roles()
    {
        var parent = Path.Combine(Path.GetTempPath(), "rp-pg-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, (UnixFileMode)0b111_101_101); // the server runs as postgres when we are root
        var dir = Path.Combine(parent, "pg");
        var pg = Path.Combine(TestDatabase.RepoRoot, "tools", "pg");
        try
        {
            var admin = (await TestDatabase.Run(pg, $"start {dir}")).Trim();
            var owner = (await TestDatabase.Run(pg, $"url {dir} owner")).Trim();
            var app = (await TestDatabase.Run(pg, $"url {dir} app")).Trim();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "rp-passwords")));

            // Over TCP on 127.0.0.1: no password, a wrong one, or another role's are all refused.
            foreach (var url in new[] { admin, owner, app })
            {
                var b = new NpgsqlConnectionStringBuilder(Database.ToConnectionString(url)) { Pooling = false };
                var password = b.Password;
                b.Password = null;
                var none = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(b.ConnectionString));
                Assert.Contains("password", none.Message, StringComparison.OrdinalIgnoreCase);
                b.Password = password + "x";
                Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(b.ConnectionString))).SqlState);
            }
            var appAsOwner = new NpgsqlConnectionStringBuilder(Database.ToConnectionString(app))
            { Username = "rp_owner", Pooling = false };
            Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(appAsOwner.ConnectionString))).SqlState);

            // With the password: the owner owns the database, neither role has any power beyond it.
            await using var conn = await OpenAsync(Database.ToConnectionString(app));
            await using var cmd = new NpgsqlCommand("""
                SELECT string_agg(format('%s:%s:%s', rolname, rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls,
                                         pg_has_role(rolname, 'pg_read_server_files', 'MEMBER') OR pg_has_role(rolname, 'pg_execute_server_program', 'MEMBER')), ',' ORDER BY rolname),
                       (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()),
                       (SELECT count(*) FROM pg_extension WHERE extname = 'postgis')
                FROM pg_roles WHERE rolname IN ('rp_owner', 'rp_app')
                """, conn);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal("rp_app:f:f,rp_owner:f:f", r.GetString(0));
            Assert.Equal("rp_owner", r.GetString(1));
            Assert.Equal(1L, r.GetInt64(2));
        }
        finally
        {
            await TestDatabase.Run(pg, $"stop {dir}");
            Directory.Delete(parent, true);
        }
    }

    static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        return conn;
    }
}
