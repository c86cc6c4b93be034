using Npgsql;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Roles;

/// <summary>
/// The application role (the service's RP_DATABASE_URL) as the migrate step leaves it: it may do
/// what the service does and nothing that reaches the server, other roles or the schema. Every
/// refusal must be PostgreSQL's privilege check (42501), not a trigger or a missing object.
/// </summary>
public class AppRoleTests
{
    static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        return conn;
    }

    static async Task<object?> Scalar(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> in a transaction that is rolled back (statements that refuse to
    /// run inside one, such as CREATE DATABASE, on their own); returns the SQLSTATE of its error, or null.
    /// </summary>
    static async Task<string?> Refusal(NpgsqlConnection conn, string sql)
    {
        var alone = sql.StartsWith("CREATE DATABASE", StringComparison.Ordinal) || sql.StartsWith("ALTER SYSTEM", StringComparison.Ordinal);
        await using var tx = alone ? null : await conn.BeginTransactionAsync();
        try
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            await cmd.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
        finally
        {
            if (tx is not null) await tx.RollbackAsync();
        }
    }

    static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = await OpenAsync(connectionString);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_app_role_has_no_power_over_roles_databases_or_the_server()
    {
        var owner = await TestDatabase.CreateAsync("roles");
        await using var app = await OpenAsync(TestDatabase.AppConnectionString(owner));
        Assert.Equal(TestDatabase.AppRole, await Scalar(app, "SELECT current_user"));
        Assert.Equal(false, await Scalar(app, "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        foreach (var powerful in new[] { "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program", "pg_read_all_data", "pg_write_all_data" })
            Assert.Equal(false, await Scalar(app, $"SELECT pg_has_role(current_user, '{powerful}', 'MEMBER')"));

        var refused = new Dictionary<string, string>
        {
            ["read pg_authid (password hashes)"] = "SELECT rolpassword FROM pg_authid",
            ["COPY FROM PROGRAM"] = "CREATE TEMP TABLE x (t text); COPY x FROM PROGRAM 'id'",
            ["COPY TO PROGRAM"] = "COPY (SELECT 1) TO PROGRAM 'cat > /tmp/rp-app-role-test'",
            ["COPY FROM a server file"] = "CREATE TEMP TABLE x (t text); COPY x FROM '/etc/passwd'",
            ["COPY TO a server file"] = "COPY (SELECT 1) TO '/tmp/rp-app-role-test'",
            ["pg_read_file"] = "SELECT pg_read_file('/etc/passwd')",
            ["pg_read_binary_file"] = "SELECT pg_read_binary_file('/etc/passwd')",
            ["pg_ls_dir"] = "SELECT pg_ls_dir('.')",
            ["lo_import of a server file"] = "SELECT lo_import('/etc/passwd')",
            ["create a role"] = "CREATE ROLE rp_attacker LOGIN SUPERUSER",
            ["create a database"] = "CREATE DATABASE rp_attacker",
            ["drop a table"] = "DROP TABLE roads",
            ["alter a table"] = "ALTER TABLE roads DISABLE TRIGGER ALL",
            ["truncate a table"] = "TRUNCATE roads",
            ["create a table in public"] = "CREATE TABLE public.rp_attacker (id int)",
            ["create a function in public"] = "CREATE FUNCTION public.rp_attacker() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            ["create a table in the job queue's schema"] = "CREATE TABLE hangfire.rp_attacker (id int)",
            ["drop the job queue's tables"] = "DROP TABLE hangfire.job",
            ["change server settings"] = "ALTER SYSTEM SET log_statement = 'none'",
            ["load a library"] = "LOAD 'plpgsql'",
        };
        var allowed = new List<string>();
        foreach (var (what, sql) in refused)
            if (await Refusal(app, sql) is var state && state != "42501") allowed.Add($"{what}: {state ?? "succeeded"}");
        Assert.True(allowed.Count == 0, "the app role was not refused by a privilege check: " + string.Join("; ", allowed));
    }

    [Fact]
    public async Task Append_only_tables_users_and_tokens_are_written_only_as_the_service_needs()
    {
        var owner = await TestDatabase.CreateAsync("roles");
        await using var app = await OpenAsync(TestDatabase.AppConnectionString(owner));
        var refused = new Dictionary<string, string>
        {
            ["update history"] = "UPDATE history SET changed_by = 'x'",
            ["delete history"] = "DELETE FROM history",
            ["update milestones"] = "UPDATE milestones SET milestone = milestone",
            ["delete milestones"] = "DELETE FROM milestones",
            ["update disbursements"] = "UPDATE disbursements SET amount = amount",
            ["delete disbursements"] = "DELETE FROM disbursements",
            ["delete households"] = "DELETE FROM households",
            ["delete a scoring run"] = "DELETE FROM scoring_runs",
            ["change a run's results"] = "UPDATE scoring_run_sites SET score = 100",
            ["delete a run's results"] = "DELETE FROM scoring_run_sites",
            ["create a user"] = "INSERT INTO users (name, role) VALUES ('mallory', 'admin')",
            ["promote a user"] = "UPDATE users SET role = 'admin'",
            ["un-revoke a token"] = "UPDATE api_tokens SET revoked_at = NULL",
            ["add a token"] = "INSERT INTO api_tokens (user_id, token_hash) VALUES (1, '\\x00')",
            ["rewrite the migration record"] = "DELETE FROM schema_migrations",
        };
        var allowed = new List<string>();
        foreach (var (what, sql) in refused)
            if (await Refusal(app, sql) is var state && state != "42501") allowed.Add($"{what}: {state ?? "succeeded"}");
        Assert.True(allowed.Count == 0, "not refused by a privilege check: " + string.Join("; ", allowed));

        // What the service does is allowed: reads, a new road (stamps, history and data_versions by
        // triggers), a token's last use, the job queue.
        Assert.Null(await Refusal(app, """
            SELECT count(*) FROM users JOIN api_tokens ON api_tokens.user_id = users.id;
            UPDATE api_tokens SET last_used_at = now();
            INSERT INTO roads (code, road_class, status, geom) VALUES ('R-role', 'county', 'planned', ST_GeomFromText('LINESTRING(108 38, 108.1 38.1)', 4326));
            SELECT count(*) FROM history; SELECT count(*) FROM hangfire.job; SELECT count(*) FROM spatial_ref_sys
            """));
    }

    [Fact]
    public async Task The_migrate_step_may_be_run_by_the_app_role_only_when_nothing_is_pending()
    {
        var owner = await TestDatabase.CreateAsync("roles");
        await using (var appDb = Database.CreateDataSource(TestDatabase.AppConnectionString(owner)))
        {
            Assert.Equal(0, await Migrator.MigrateAsync(appDb, CancellationToken.None)); // reads only
            await ExecAsync(owner, "DELETE FROM schema_migrations WHERE version = '0210_job_queue'");
            var e = await Assert.ThrowsAsync<PostgresException>(() => Migrator.MigrateAsync(appDb, CancellationToken.None));
            Assert.Equal("42501", e.SqlState);
        }
        // The owner applies it and grants the app role again (a table the owner creates is covered too).
        await ExecAsync(owner, "DROP INDEX scoring_runs_job_idx; CREATE TABLE later_table (id int)");
        await using (var ownerDb = Database.CreateDataSource(owner))
            Assert.Equal(1, await Migrator.MigrateAsync(ownerDb, TestDatabase.AppRole, CancellationToken.None));
        await using var app = await OpenAsync(TestDatabase.AppConnectionString(owner));
        Assert.Null(await Refusal(app, "INSERT INTO later_table VALUES (1); DELETE FROM later_table"));
        Assert.Equal("42501", await Refusal(app, "DROP TABLE later_table"));
    }
}
