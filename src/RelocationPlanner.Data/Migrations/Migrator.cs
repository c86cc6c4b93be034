using Npgsql;

namespace RelocationPlanner.Data.Migrations;

/// <summary>
/// Applies the numbered .sql files of this folder in order, each in its own transaction, and
/// records them in schema_migrations. An advisory lock lets several instances start at once.
/// </summary>
public static class Migrator
{
    const long LockKey = 0x5250_4D49_4752; // "RPMIGR"

    public static async Task<int> MigrateAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await Exec(conn, null, "SELECT pg_advisory_lock($1)", ct, LockKey);
        try
        {
            await Exec(conn, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  version text PRIMARY KEY,
                  applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) applied.Add(r.GetString(0));

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
            // New types (PostGIS) must be known to connections opened after the first migration.
            if (count > 0) await conn.ReloadTypesAsync(ct);
            return count;
        }
        finally
        {
            await Exec(conn, null, "SELECT pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
    }

    static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
