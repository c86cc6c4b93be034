using System.Data;
using Npgsql;
using RelocationPlanner.Api.Demo;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Migrates the database, then loads the demo data when configured and the database is empty.
/// Registered before the job queue's server so that its workers start on a migrated database.
/// With RP_MIGRATE_DATABASE_URL (the owner role) the migrations run as that role and the service's
/// own role (RP_DATABASE_URL) is granted what it needs; that connection is closed right after.
/// Without it, the service's role migrates (a single-role set-up) or, if it owns nothing, only
/// checks that nothing is pending.
/// </summary>
sealed class StartupTasks(NpgsqlDataSource db, IConfiguration config, IHostEnvironment env, ILogger<StartupTasks> log) : IHostedService
{
    public const string OwnerUrlSetting = "RP_MIGRATE_DATABASE_URL";

    public async Task StartAsync(CancellationToken ct)
    {
        string appRole;
        bool powerful;
        await using (var cmd = db.CreateCommand("""
            SELECT current_user AS role, rolsuper OR rolcreaterole OR rolcreatedb
                   OR EXISTS (SELECT 1 FROM pg_class WHERE relowner = r.oid AND relnamespace = 'public'::regnamespace) AS powerful
            FROM pg_roles r WHERE rolname = current_user
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (appRole, powerful) = (r.GetString("role"), r.GetBoolean("powerful"));
        }
        int applied;
        if (config[OwnerUrlSetting] is { Length: > 0 } ownerUrl)
        {
            await using (var owner = Database.CreateDataSource(ownerUrl, "relocation-planner-migrate"))
                applied = await Migrator.MigrateAsync(owner, appRole, ct);
            // Child processes (GDAL) inherit the environment: the owner's password stays out of it.
            Environment.SetEnvironmentVariable(OwnerUrlSetting, null);
        }
        else
        {
            try
            {
                applied = await Migrator.MigrateAsync(db, ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new InvalidOperationException($"The database needs migrating, which role {appRole} may not do: set {OwnerUrlSetting} to the owner role's URL (docs/security.md).", e);
            }
        }
        log.LogInformation("Database migrated ({Count} new migrations); requests run as role {Role}", applied, appRole);
        if (powerful)
            log.LogWarning("RP_DATABASE_URL connects as {Role}, which owns tables, may create roles or databases, or is a superuser: give requests a role that owns nothing (docs/security.md)", appRole);
        if (config["RP_LOAD_DEMO"] is "1" or "true" or "True")
            await DemoData.LoadIfEmptyAsync(db, DemoData.FindFolder(config["RP_DEMO_DIR"], env.ContentRootPath), log, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
