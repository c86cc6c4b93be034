using RelocationPlanner.Data.Gdal;
using RelocationPlanner.Data.Import;

namespace RelocationPlanner.Api.Import;

/// <summary>
/// Removes what crashed imports left in the spool (<see cref="SpoolFolder.Sweep"/>: only folders no
/// live process holds), at start and then hourly, since instances sharing the spool rarely all restart.
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
            var removed = SpoolFolder.Sweep();
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
