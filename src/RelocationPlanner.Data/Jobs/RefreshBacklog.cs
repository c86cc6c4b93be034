using Npgsql;

namespace RelocationPlanner.Data.Jobs;

/// <summary>
/// The queue of bulk projection refreshes (compliance, infrastructure parts) that a large write
/// leaves to the background instead of paying in its own transaction (0510_refresh_backlog.sql).
/// </summary>
public static class RefreshBacklog
{
    public static readonly string[] Compliance = ["compliance"];
    public static readonly string[] Infrastructure = ["roads", "power_lines", "wells"];

    /// <summary>A backstop: a batch (at most rp.refresh_sync_limit ids) takes seconds; Npgsql's 30 s default could still cut one off under load.</summary>
    const int DrainTimeoutSeconds = 3600;

    /// <summary>
    /// Refreshes what is queued, one batch (one queue row) per transaction, until nothing is left
    /// that another drain does not hold; returns the rows refreshed. Each batch commits on its own,
    /// so the reports' queued count falls as the work is done and a failure loses one batch's work.
    /// </summary>
    public static async Task<long> DrainAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        long total = 0, n;
        do
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using var cmd = new NpgsqlCommand(SqlResources.Get("refresh_drain.sql"), conn, tx) { CommandTimeout = DrainTimeoutSeconds };
            n = (long)(await cmd.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
            total += n;
        } while (n > 0);
        return total;
    }

    /// <summary>Rows of the projections still queued: what a report built on them does not yet include.</summary>
    public static async Task<long> PendingAsync(NpgsqlDataSource db, string[] projections, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await PendingAsync(conn, null, projections, ct);
    }

    /// <summary>The same, in the caller's transaction (a report reading its rows in the same snapshot).</summary>
    public static async Task<long> PendingAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string[] projections, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("refresh_pending.sql"), conn, tx);
        cmd.Parameters.AddWithValue(projections);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
