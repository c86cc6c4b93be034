using System.Text.Json;
using Npgsql;
using Quartz;
using RelocationPlanner.Data.Jobs;

namespace RelocationPlanner.Api.Jobs;

/// <summary>
/// Base for work that users follow at /api/jobs/{id}: Quartz runs it (on any clustered instance),
/// the jobs table carries status, progress, result and errors.
/// </summary>
public abstract class TrackedJob(NpgsqlDataSource db) : IJob
{
    public const string JobIdKey = "job_id";

    protected NpgsqlDataSource Db { get; } = db;

    /// <summary>Does the work; returns the result object (serialised as the job's result) or throws <see cref="JobFailedException"/>.</summary>
    protected abstract Task<object> RunAsync(Guid jobId, JobInfo job, IProgress<(double Fraction, string? Message)> progress, CancellationToken ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var id = Guid.Parse(context.MergedJobDataMap.GetString(JobIdKey)!);
        var job = await JobStore.GetAsync(Db, id, cancellationToken) ?? throw new InvalidOperationException($"Job {id} is not in the jobs table.");
        if (job.Status is "succeeded" or "failed") return; // a recovered duplicate run
        await JobStore.ProgressAsync(Db, id, 0, "started", cancellationToken);
        var reporter = new ThrottledProgress(Db, id, cancellationToken);
        try
        {
            var result = await RunAsync(id, job, reporter, cancellationToken);
            await reporter.FlushAsync();
            await JobStore.SucceedAsync(Db, id, JsonSerializer.Serialize(result, Json), "done", cancellationToken);
        }
        catch (JobFailedException e)
        {
            await JobStore.FailAsync(Db, id, JsonSerializer.Serialize(e.Errors, Json), e.Message, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await JobStore.FailAsync(Db, id, JsonSerializer.Serialize(new[] { new { field = "$", rule = "internal", message = "The job failed unexpectedly: " + e.Message } }, Json),
                "failed", CancellationToken.None);
        }
    }

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

public static class BackgroundJobs
{
    /// <summary>Records a job and asks Quartz to run <typeparamref name="TJob"/> for it now; returns the job id.</summary>
    public static async Task<Guid> EnqueueAsync<TJob>(ISchedulerFactory schedulers, NpgsqlDataSource db, string kind, object? input, string user, CancellationToken ct)
        where TJob : TrackedJob
    {
        var id = await JobStore.CreateAsync(db, kind, input is null ? null : JsonSerializer.Serialize(input, TrackedJob.Json), user, ct);
        var scheduler = await schedulers.GetScheduler(ct);
        var detail = JobBuilder.Create<TJob>().WithIdentity(id.ToString(), kind).UsingJobData(TrackedJob.JobIdKey, id.ToString())
            .RequestRecovery().Build();
        await scheduler.ScheduleJob(detail, TriggerBuilder.Create().StartNow().Build(), cancellationToken: ct);
        return id;
    }
}
