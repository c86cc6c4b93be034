using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace RelocationPlanner.Data;

/// <summary>The data_versions counters (0 for a table never written): what caches key on.</summary>
public static class DataVersions
{
    public static async Task<Dictionary<string, long>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        var versions = tables.ToDictionary(t => t, _ => 0L);
        await using var cmd = new NpgsqlCommand(SqlResources.Get("data_versions.sql"), conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) versions[r.GetString("entity")] = r.GetInt64("version");
        return versions;
    }

    public static async Task<Dictionary<string, long>> ReadAsync(NpgsqlDataSource db, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, tables, ct);
    }

    public static async Task<long> ReadAsync(NpgsqlDataSource db, string table, CancellationToken ct) =>
        (await ReadAsync(db, [table], ct))[table];
}
