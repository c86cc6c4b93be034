using System.Text.RegularExpressions;
using Npgsql;

namespace RelocationPlanner.Data.Replication;

/// <summary>WAL positions (LSNs, <c>16/B374D848</c>) for read-your-writes across a primary and its standbys.</summary>
public static partial class WalPosition
{
    /// <summary>The text form of a pg_lsn (two hex numbers of up to 8 digits); anything else is no position.</summary>
    [GeneratedRegex("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")]
    public static partial Regex Format();

    /// <summary>The primary's current WAL position.</summary>
    public static async Task<string> CurrentAsync(NpgsqlDataSource primary, CancellationToken ct)
    {
        await using var cmd = primary.CreateCommand(SqlResources.Get("wal_write_position.sql"));
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Whether <paramref name="server"/> shows everything up to <paramref name="lsn"/> (a primary always does).</summary>
    public static Task<bool> ReplayedAsync(NpgsqlDataSource server, string lsn, CancellationToken ct) => AskAsync(server, "wal_replayed.sql", lsn, ct);

    /// <summary>Whether the primary has written up to <paramref name="lsn"/> (false: not a position it handed out).</summary>
    public static Task<bool> WrittenAsync(NpgsqlDataSource primary, string lsn, CancellationToken ct) => AskAsync(primary, "wal_written.sql", lsn, ct);

    static async Task<bool> AskAsync(NpgsqlDataSource db, string sql, string lsn, CancellationToken ct)
    {
        // A connection per question: a reader waiting for replay holds none between checks.
        await using var cmd = db.CreateCommand(SqlResources.Get(sql));
        cmd.Parameters.AddWithValue(lsn);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
