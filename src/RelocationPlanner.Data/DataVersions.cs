using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace RelocationPlanner.Data;

/// <summary>The data_versions counters (0 for a table never written): what caches key on.</summary>
public static class DataVersions
{
    public static async Task<Dictionary<string, long>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("data_versions.sql"), conn, tx);
        cmd.Parameters.Add(Tables(tables));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadAsync(r, tables, ct);
    }

    public static async Task<Dictionary<string, long>> ReadAsync(NpgsqlDataSource db, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, tables, ct);
    }

    public static async Task<long> ReadAsync(NpgsqlDataSource db, string table, CancellationToken ct) =>
        (await ReadAsync(db, [table], ct))[table];

    /// <summary>The read of <paramref name="table"/>'s version as the first command of a batch, so it rides with the statement whose result is kept under it (one round trip).</summary>
    public static NpgsqlBatchCommand Command(string table)
    {
        var command = new NpgsqlBatchCommand(SqlResources.Get("data_versions.sql"));
        command.Parameters.Add(Tables([table]));
        return command;
    }

    /// <summary>The version <see cref="Command"/> read, from its result (the reader's current one).</summary>
    public static async Task<long> ReadAsync(NpgsqlDataReader r, string table, CancellationToken ct) =>
        (await ReadAsync(r, [table], ct))[table];

    static async Task<Dictionary<string, long>> ReadAsync(NpgsqlDataReader r, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        var versions = tables.ToDictionary(t => t, _ => 0L);
        while (await r.ReadAsync(ct)) versions[r.GetString("entity")] = r.GetInt64("version");
        return versions;
    }

    static NpgsqlParameter Tables(IReadOnlyCollection<string> tables) =>
        new() { Value = tables.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
