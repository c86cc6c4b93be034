using System.Text.Json;
using Hangfire;
using Npgsql;
using RelocationPlanner.Data.Jobs;

namespace RelocationPlanner.Api.Jobs;

/// <summary>
/// Base for work that users follow at /api/jobs/{id}: Hangfire runs it (on any instance sharing
/// the queue), the jobs table carries status, progress, result and errors. A job whose process
/// died is delivered again after the queue's invisibility timeout; the jobs table makes the
/// repeat safe: a finished job is not run again, and a run lock keeps two runs apart.
/// </summary>
public abstract class TrackedJob(NpgsqlDataSource db)
{
    protected NpgsqlDataSource Db { get; } = db;

    /// <summary>Does the work; returns the result object (serialised as the job's result) or throws <see cref="JobFailedException"/>.</summary>
    protected abstract Task<object> RunAsync(Guid jobId, JobInfo job, IProgress<(double Fraction, string? Message)> progress, CancellationToken ct);

    /// <summary>What Hangfire calls (the token is the server's shutdown token).</summary>
    public async Task ExecuteAsync(Guid jobId, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(Db, jobId, ct) ?? throw new InvalidOperationException($"Job {jobId} is not in the jobs table.");
        await using var runLock = await Db.OpenConnectionAsync(ct);
        // Thrown, not returned: Hangfire retries later, and by then the other run has finished
        // (the job is skipped) or died (this delivery runs it).
        if (!await JobStore.TryClaimAsync(runLock, jobId, ct)) throw new JobBusyException(jobId);
        try
        {
            if (!await JobStore.StartAsync(Db, jobId, ct)) return; // finished before: a repeated delivery
            var reporter = new ThrottledProgress(Db, jobId, ct);
            try
            {
                var result = await RunAsync(jobId, job, reporter, ct);
                await reporter.FlushAsync();
                await JobStore.SucceedAsync(Db, jobId, JsonSerializer.Serialize(result, Json), "done", ct);
            }
            catch (JobFailedException e)
            {
                await JobStore.FailAsync(Db, jobId, JsonSerializer.Serialize(e.Errors, Json), e.Message, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await JobStore.FailAsync(Db, jobId, JsonSerializer.Serialize(new[] { new { field = "$", rule = "internal", message = "The job failed unexpectedly: " + e.Message } }, Json),
                    "failed", CancellationToken.None);
            }
        }
        finally
        {
            await JobStore.ReleaseAsync(runLock, jobId);
        }
    }

    /// <summary>
    /// Records the job's success inside the transaction that stores its data, so the two commit
    /// together (the result written after the run then changes nothing).
    /// </summary>
    protected static Task SucceedWithinAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid jobId, object result, CancellationToken ct) =>
        JobStore.SucceedAsync(conn, tx, jobId, JsonSerializer.Serialize(result, Json), "done", ct);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes progress at most a few times a second, so tight loops can report freely.</summary>
    sealed class ThrottledProgress(NpgsqlDataSource db, Guid id, CancellationToken ct) : IProgress<(double Fraction, string? Message)>
    {
        long lastTicks;
        (double, string?)? pending;

        public void Report((double Fraction, string? Message) value)
        {
            pending = value;
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref lastTicks) < 250) return;
            Interlocked.Exchange(ref lastTicks, now);
            FlushAsync().GetAwaiter().GetResult();
        }

        public async Task FlushAsync()
        {
            if (pending is not { } p) return;
            pending = null;
            await JobStore.ProgressAsync(db, id, p.Item1, p.Item2, ct);
        }
    }
}

/// <summary>A job's expected failure: the errors users see at /api/jobs/{id}.</summary>
public sealed class JobFailedException(string message, IReadOnlyList<object> errors) : Exception(message)
{
    public IReadOnlyList<object> Errors { get; } = errors;
}

/// <summary>Another process holds the job's run lock: Hangfire retries this delivery later.</summary>
public sealed class JobBusyException(Guid jobId) : Exception($"Job {jobId} is running in another process.");

public static class BackgroundJobs
{
    /// <summary>Records a job and puts <typeparamref name="TJob"/> for it on the shared queue; returns the job id.</summary>
    public static async Task<Guid> EnqueueAsync<TJob>(IBackgroundJobClient queue, NpgsqlDataSource db, string kind, object? input, string user, CancellationToken ct)
        where TJob : TrackedJob
    {
        var id = await JobStore.CreateAsync(db, kind, input is null ? null : JsonSerializer.Serialize(input, TrackedJob.Json), user, ct);
        try
        {
            queue.Enqueue<TJob>(j => j.ExecuteAsync(id, CancellationToken.None));
        }
        catch (Exception e)
        {
            // A job the queue never got would wait forever: record why it will not run.
            await JobStore.FailAsync(db, id, JsonSerializer.Serialize(new[] { new { field = "$", rule = "internal", message = "The job could not be queued: " + e.Message } }, TrackedJob.Json),
                "failed", CancellationToken.None);
            throw;
        }
        return id;
    }
}
