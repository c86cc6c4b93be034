using Npgsql;
using RelocationPlanner.Data.Jobs;

namespace RelocationPlanner.Api.Jobs;

/// <summary>
/// Drains the queue of bulk projection refreshes (<see cref="RefreshBacklog"/>) every
/// RP_REFRESH_DRAIN_SECONDS (default 2; 0 turns it off). The queue rows are the work: every
/// instance polls, SKIP LOCKED shares the rows among them, and a drain that dies rolls back, so
/// the rows stay queued for the next one. A recurring Hangfire job would instead write a job
/// record every few seconds to find, nearly always, an empty queue.
/// </summary>
sealed class RefreshDrainer(NpgsqlDataSource db, IConfiguration config, ILogger<RefreshDrainer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var seconds = config.GetValue("RP_REFRESH_DRAIN_SECONDS", 2);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                var n = await RefreshBacklog.DrainAsync(db, ct);
                if (n > 0) log.LogInformation("Refreshed {Rows} queued projection rows in {Seconds:0.0} s", n, started.Elapsed.TotalSeconds);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The queued projection refresh failed; it stays queued and is tried again");
            }
        }
    }
}

public static class RefreshDrainerSetup
{
    public static WebApplicationBuilder AddRefreshDrainer(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<RefreshDrainer>();
        return builder;
    }
}
