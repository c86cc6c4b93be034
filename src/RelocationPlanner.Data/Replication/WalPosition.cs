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

    /// <summary>
    /// Waits until the server <paramref name="standby"/> reaches (a standby, or the primary when none answers) shows everything up to <paramref name="lsn"/>,
    /// checking every <paramref name="every"/> for at most <paramref name="wait"/>; false when it did not catch up.
    /// </summary>
    public static async Task<bool> WaitReplayedAsync(NpgsqlDataSource standby, string lsn, TimeSpan wait, TimeSpan every, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + wait;
        await using var conn = await standby.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(SqlResources.Get("wal_replayed.sql"), conn);
        cmd.Parameters.AddWithValue(lsn);
        while (true)
        {
            if ((bool)(await cmd.ExecuteScalarAsync(ct))!) return true;
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(every, ct);
        }
    }
}
