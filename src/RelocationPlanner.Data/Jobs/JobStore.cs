using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace RelocationPlanner.Data.Jobs;

/// <summary>A job as users see it. Result and errors are JSON texts, passed through unchanged.</summary>
public sealed record JobInfo(Guid Id, string Kind, string Status, double Progress, string? Message, string? ResultJson,
    string ErrorsJson, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? InputJson);

/// <summary>The jobs table: created by the API, advanced by the background job that does the work.</summary>
public static class JobStore
{
    public static async Task<Guid> CreateAsync(NpgsqlDataSource db, string kind, string? inputJson, string user, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        await using var cmd = db.CreateCommand(SqlResources.Get("job_create.sql"));
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)inputJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(user);
        await cmd.ExecuteNonQueryAsync(ct);
        return id;
    }

    public static async Task<JobInfo?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("job_get.sql"));
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new JobInfo(r.GetGuid("id"), r.GetString("kind"), r.GetString("status"), r.GetDouble("progress"), r.TextOrNull("message"),
            r.TextOrNull("result"), r.GetString("errors"), r.GetString("created_by"), r.GetFieldValue<DateTimeOffset>("created_at"),
            r.ValueOrNull<DateTimeOffset>("started_at"), r.ValueOrNull<DateTimeOffset>("finished_at"), r.TextOrNull("input"));
    }

    /// <summary>Whether a job of <paramref name="kind"/> is queued or running.</summary>
    public static async Task<bool> PendingAsync(NpgsqlDataSource db, string kind, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("job_pending.sql"));
        cmd.Parameters.AddWithValue(kind);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Takes the job's run lock on <paramref name="conn"/> (keep it open while the job runs, then
    /// <see cref="ReleaseAsync"/>); false when another process is running the job.
    /// </summary>
    public static async Task<bool> TryClaimAsync(NpgsqlConnection conn, Guid id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("job_claim.sql"), conn);
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    public static async Task ReleaseAsync(NpgsqlConnection conn, Guid id)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("job_release.sql"), conn);
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Marks a run of the job as begun (progress 0); false when the job already finished (a repeated delivery).</summary>
    public static async Task<bool> StartAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("job_start.sql"));
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Reports progress (0..1) and an optional message; cheap enough to call every few thousand rows.</summary>
    public static async Task ProgressAsync(NpgsqlDataSource db, Guid id, double progress, string? message, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("job_progress.sql"));
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(Math.Clamp(progress, 0, 1));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)message ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task SucceedAsync(NpgsqlDataSource db, Guid id, string resultJson, string? message, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        await FinishAsync(cmd, id, "succeeded", resultJson, null, message, ct);
    }

    /// <summary>
    /// Succeeds the job inside <paramref name="tx"/>, the transaction that stores its data: both
    /// commit together, so a crash can never leave stored data with a job that would run again.
    /// </summary>
    public static async Task SucceedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, string resultJson, string? message, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(null, conn, tx);
        await FinishAsync(cmd, id, "succeeded", resultJson, null, message, ct);
    }

    public static async Task FailAsync(NpgsqlDataSource db, Guid id, string errorsJson, string? message, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        await FinishAsync(cmd, id, "failed", null, errorsJson, message, ct);
    }

    static async Task FinishAsync(NpgsqlCommand cmd, Guid id, string status, string? result, string? errors, string? message, CancellationToken ct)
    {
        cmd.CommandText = SqlResources.Get("job_finish.sql");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)result ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)errors ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)message ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
