using RelocationPlanner.Data.Gdal;
using RelocationPlanner.Data.Import;

namespace RelocationPlanner.Api.Import;

/// <summary>
/// Removes what crashed imports left in the spool (<see cref="SpoolFolder.Sweep"/>: only folders no
/// live process holds), at start and then hourly, since instances sharing the spool rarely all restart.
/// A folder too young to judge at start (written by a GDAL child of the crashed instance moments before)
/// is looked at again a few seconds later rather than an hour later.
/// Reads the import and GDAL limits at start, so a bad setting stops the service instead of an upload.
/// </summary>
sealed class SpoolSweeper(ILogger<SpoolSweeper> log) : BackgroundService
{
    public override Task StartAsync(CancellationToken ct)
    {
        _ = ImportLimits.Current;
        _ = GdalLimits.Current;
        return base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            var (removed, youngLeft) = SpoolFolder.Sweep();
            for (var retry = 0; youngLeft && retry < 3; retry++)
            {
                await Task.Delay(SpoolFolder.Young * 2, ct);
                int more;
                (more, youngLeft) = SpoolFolder.Sweep();
                removed += more;
            }
            if (removed > 0) log.LogInformation("Removed {Count} abandoned upload(s) from {Spool}", removed, SpoolFolder.Root);
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}

public static class SpoolSweeperSetup
{
    public static WebApplicationBuilder AddImportSpool(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<SpoolSweeper>();
        return builder;
    }
}
