using Quartz;
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
        builder.Services.AddTransient<RescoreSitesJob>();
        // RescoreCheckJob is not registered: the job factory then hands it its own scheduler's parts.
        builder.Services.AddHostedService<RescoreCheckScheduler>();
        return builder;
    }
}

/// <summary>
/// Puts the recurring change check into the clustered job store once (every instance shares the
/// one trigger); RP_SCORING_CHECK_SECONDS sets the interval (default 60, 0 removes it).
/// Registered after Quartz's hosted service, so the store is provisioned by then.
/// </summary>
sealed class RescoreCheckScheduler(ISchedulerFactory schedulers, IConfiguration config, ILogger<RescoreCheckScheduler> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        int seconds = config.GetValue("RP_SCORING_CHECK_SECONDS", 60);
        var scheduler = await schedulers.GetScheduler(ct);
        var triggerKey = new TriggerKey("scoring.rescore-check", "scoring");
        if (seconds <= 0)
        {
            await scheduler.DeleteJob(RescoreCheckJob.Key, ct);
            return;
        }
        var trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(RescoreCheckJob.Key)
            .StartAt(DateTimeOffset.UtcNow.AddSeconds(seconds))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(seconds)).RepeatForever())
            .Build();
        try
        {
            if (await scheduler.Exists(RescoreCheckJob.Key, ct))
            {
                await scheduler.RescheduleJob(triggerKey, trigger, ct);
                return;
            }
            var job = JobBuilder.Create<RescoreCheckJob>().WithIdentity(RescoreCheckJob.Key).StoreDurably().Build();
            await scheduler.ScheduleJob(job, trigger, cancellationToken: ct);
        }
        catch (ObjectAlreadyExistsException)
        {
            log.LogDebug("Another instance scheduled the rescoring check first");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
