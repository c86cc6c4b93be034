using Npgsql;
using RelocationPlanner.Api.Demo;
using RelocationPlanner.Data.Migrations;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Migrates the database, then loads the demo data when configured and the database is empty.
/// Registered before Quartz so that the scheduler starts on a migrated database.
/// </summary>
sealed class StartupTasks(NpgsqlDataSource db, IConfiguration config, IHostEnvironment env, ILogger<StartupTasks> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var applied = await Migrator.MigrateAsync(db, ct);
        log.LogInformation("Database migrated ({Count} new migrations)", applied);
        if (config["RP_LOAD_DEMO"] is "1" or "true" or "True")
            await DemoData.LoadIfEmptyAsync(db, DemoData.FindFolder(config["RP_DEMO_DIR"], env.ContentRootPath), log, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
