using Hangfire;
using RelocationPlanner.Data.Scoring;

namespace RelocationPlanner.Api.Scoring;

/// <summary>Services of the scoring capability: the versioned in-memory index and its jobs.</summary>
public static class ScoringSetup
{
    public static WebApplicationBuilder AddScoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InfrastructureCache>();
        // Read at start, so a bad setting stops the service instead of the first request.
        builder.Services.AddSingleton(new ScoringTimeBudget(builder.Configuration));
        builder.Services.AddHostedService<RescoreCheckScheduler>();
        builder.Services.AddHostedService<IndexWarmup>();
        return builder;
    }

    /// <summary>
    /// A cron schedule for "every <paramref name="seconds"/> seconds": Hangfire's recurring jobs
    /// run on cron, so intervals are rounded to what cron can say (within a minute: seconds that
    /// divide it; then whole minutes, then whole hours).
    /// </summary>
    public static string CronEvery(int seconds) => seconds switch
    {
        < 60 => $"*/{Math.Max(1, seconds)} * * * * *",
        < 3600 => $"0 */{Math.Max(1, seconds / 60)} * * * *",
        _ => $"0 0 */{Math.Clamp(seconds / 3600, 1, 23)} * * *",
    };
}

/// <summary>
/// Registers the recurring change check in the shared queue (every instance writes the same
/// entry, so there is one check however many instances run); RP_SCORING_CHECK_SECONDS sets the
/// interval (default 60, 0 removes it). Registered after the migrate step, which installs the queue.
/// </summary>
sealed class RescoreCheckScheduler(IRecurringJobManager recurring, IConfiguration config) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        int seconds = config.GetValue("RP_SCORING_CHECK_SECONDS", 60);
        if (seconds <= 0)
            recurring.RemoveIfExists(RescoreCheckJob.Id);
        else
            recurring.AddOrUpdate<RescoreCheckJob>(RescoreCheckJob.Id, j => j.RunAsync(CancellationToken.None), ScoringSetup.CronEvery(seconds));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Loads the scoring index once the database is migrated (hosted services start in order), so the
/// first evaluate after a start finds it ready; then the service reports ready (<see cref="Hosting.Readiness"/>).
/// A load that fails is logged and the service still becomes ready: everything but scoring works,
/// and scoring retries the load on its next request.
/// </summary>
sealed class IndexWarmup : BackgroundService
{
    const string Step = "scoring index";
    readonly InfrastructureCache cache;
    readonly Hosting.Readiness readiness;
    readonly ILogger<IndexWarmup> log;

    public IndexWarmup(InfrastructureCache cache, Hosting.Readiness readiness, ILogger<IndexWarmup> log)
    {
        (this.cache, this.readiness, this.log) = (cache, readiness, log);
        readiness.Expect(Step);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            var index = await cache.GetAsync(ct);
            log.LogInformation("Scoring index loaded (data version {Version})", index.DataVersion);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The scoring index did not load at start; scoring will try again on its next request");
        }
        readiness.Done(Step);
    }
}
