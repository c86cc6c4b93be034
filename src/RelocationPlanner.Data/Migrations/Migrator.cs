using System.Data;
using Hangfire.PostgreSql;
using Npgsql;

namespace RelocationPlanner.Data.Migrations;

/// <summary>
/// Brings a database up to date, as the role that owns it: the numbered .sql files of this folder
/// in order (each in its own transaction, recorded in schema_migrations), then the job queue's
/// tables (Hangfire.PostgreSql's own versioned scripts, schema <see cref="JobQueueSchema"/>), then
/// the application role's privileges. An advisory lock lets several instances start at once.
/// On an up-to-date database nothing is written, so a role that owns nothing may call it too.
/// </summary>
public static class Migrator
{
    const long LockKey = 0x5250_4D49_4752; // "RPMIGR"

    /// <summary>The schema of the job queue's tables (Hangfire storage).</summary>
    public const string JobQueueSchema = "hangfire";

    /// <summary>Migrates without touching any other role's privileges (a single-role set-up, tools, tests of the schema).</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource db, CancellationToken ct) => MigrateAsync(db, null, ct);

    /// <summary>
    /// Migrates with <paramref name="owner"/> (the owner role's connections), then grants
    /// <paramref name="appRole"/> what the service needs (Roles/app_role_grants.sql); null or the
    /// owner's own name grants nothing. Returns the number of numbered migrations applied.
    /// </summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource owner, string? appRole, CancellationToken ct)
    {
        await using var conn = await owner.OpenConnectionAsync(ct);
        await Exec(conn, null, "SELECT pg_advisory_lock($1)", ct, LockKey);
        try
        {
            // Checked before creating, so that a role without CREATE can run this on a current database.
            await using (var check = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NULL", conn))
                if ((bool)(await check.ExecuteScalarAsync(ct))!)
                    await Exec(conn, null, """
                        CREATE TABLE schema_migrations (
                          version text PRIMARY KEY,
                          applied_at timestamptz NOT NULL DEFAULT now())
                        """, ct);
            var applied = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) applied.Add(r.GetString("version"));

            var count = 0;
            foreach (var (name, sql) in SqlResources.Folder("Migrations"))
            {
                var version = Path.GetFileNameWithoutExtension(name);
                if (applied.Contains(version)) continue;
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Exec(conn, tx, sql, ct);
                await Exec(conn, tx, "INSERT INTO schema_migrations (version) VALUES ($1)", ct, version);
                await tx.CommitAsync(ct);
                count++;
            }

            // The installer reads its version table first and writes only what is missing; it sets
            // search_path for its scripts, so the session's own is restored after it.
            PostgreSqlObjectsInstaller.Install(conn, JobQueueSchema);
            await Exec(conn, null, "RESET search_path", ct);

            if (appRole is not null) await GrantAsync(conn, appRole, ct);
            // New types (PostGIS) must be known to connections opened after the first migration.
            if (count > 0) await conn.ReloadTypesAsync(ct);
            return count;
        }
        finally
        {
            await Exec(conn, null, "SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
    }

    static async Task GrantAsync(NpgsqlConnection conn, string appRole, CancellationToken ct)
    {
        await using (var me = new NpgsqlCommand("SELECT current_user", conn))
            if ((string?)await me.ExecuteScalarAsync(ct) == appRole) return;
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "SELECT set_config('rp.app_role', $1, true)", ct, appRole);
        await Exec(conn, tx, SqlResources.Get("app_role_grants.sql"), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>No command timeout: a migration that fills a projection from a loaded database takes minutes, not 30 s.</summary>
    static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
