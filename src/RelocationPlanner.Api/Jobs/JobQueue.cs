using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Data.Migrations;

namespace RelocationPlanner.Api.Jobs;

/// <summary>
/// The background job queue: Hangfire on the service's own database (schema hangfire, installed
/// by the migrate step as the owner role; the service only uses it). Every instance runs workers
/// on the same queue, so several instances share the work. A job whose process dies is fetched
/// again once RP_JOBS_INVISIBILITY_SECONDS pass without a heartbeat from its worker.
/// </summary>
public static class JobQueue
{
    public static WebApplicationBuilder AddJobQueue(this WebApplicationBuilder builder)
    {
        var invisibility = TimeSpan.FromSeconds(Math.Max(2, builder.Configuration.GetValue("RP_JOBS_INVISIBILITY_SECONDS", 300)));
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseConnectionFactory(new DataSourceConnections(services.GetRequiredService<NpgsqlDataSource>())),
                new PostgreSqlStorageOptions
                {
                    SchemaName = Migrator.JobQueueSchema,
                    // The app role may not create tables: the migrate step installed them.
                    PrepareSchemaIfNecessary = false,
                    // A running job's worker renews its claim every fifth of the timeout, so long
                    // jobs are never fetched twice and a dead worker's job is free soon after.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = invisibility,
                    QueuePollInterval = TimeSpan.FromSeconds(2),
                }));
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
            // Retries and recurring jobs (the rescoring check) are looked at this often.
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddAntiforgery();
        return builder;
    }

    /// <summary>The Hangfire dashboard at /hangfire: admins only (bearer token, or the session cookie of POST /api/session).</summary>
    public static WebApplication MapJobDashboard(this WebApplication app)
    {
        app.MapHangfireDashboardWithNoAuthorizationFilters(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "RelocationPlanner jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }).RequireRoles();
        return app;
    }

    public const string DashboardPath = "/hangfire";

    /// <summary>Hangfire's connections come from the service's data source (the app role, one pool).</summary>
    sealed class DataSourceConnections(NpgsqlDataSource db) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => db.CreateConnection();
    }
}
