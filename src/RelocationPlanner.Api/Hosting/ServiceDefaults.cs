using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Api.Replication;
using RelocationPlanner.Data;

namespace RelocationPlanner.Api.Hosting;

/// <summary>Everything the service needs wired before it maps endpoints.</summary>
public static class ServiceDefaults
{
    /// <summary>Single-feature bodies are bounded (issue: 16 MB); imports set their own, larger limit.</summary>
    public const long MaxFeatureBytes = 16L * 1024 * 1024;

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        // Requests run as RP_DATABASE_URL's role; RP_MIGRATE_DATABASE_URL (the owner role) is used once, at start (StartupTasks).
        var url = builder.Configuration["RP_DATABASE_URL"] ?? builder.Configuration.GetConnectionString("Relocation")
            ?? throw new InvalidOperationException("Set RP_DATABASE_URL (a PostgreSQL URL or Npgsql connection string); tools/run does this for you.");
        builder.AddDataSources(Database.ToConnectionString(url));

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ErrorHandling>();
        builder.Services.AddApiDocument();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            // Bodies are read by JsonBody, never bound: numbers are numbers, and the OpenAPI schemas say so (not "integer or string").
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxFeatureBytes);

        // Migrations run before anything else touches the database (the job queue's workers included).
        builder.Services.AddHostedService<StartupTasks>();
        builder.AddRelocationAuth();
        builder.Services.AddSingleton<Ogc.CollectionExtents>();
        builder.Services.AddSingleton<Ogc.MatchCounts>();
        // Made now, so a malformed RP_PUBLIC_URL stops the start with its message.
        builder.Services.AddSingleton(new PublicLinks(builder.Configuration));
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<RequestWarmup>();
        builder.AddJobQueue();
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (http, next) =>
        {
            // Conservative headers for an API that also serves a map client.
            var h = http.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            // Restricts framing, base and form targets only, so the map client's own scripts and tiles still load.
            h["Content-Security-Policy"] = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            // The field app records where each observation was made: the phone's position is for it alone.
            h["Permissions-Policy"] = http.Request.Path.StartsWithSegments("/field")
                ? "camera=(), microphone=(), geolocation=(self), payment=()"
                : "camera=(), microphone=(), geolocation=(), payment=()";
            // Answers to authenticated requests may hold personal data: never kept by caches.
            if (!string.IsNullOrEmpty(http.Request.Headers.Authorization) || http.Request.Path.StartsWithSegments(JobQueue.DashboardPath))
                h.CacheControl = "no-store";
            await next();
        });
        app.UseQueryGuard();
        app.UseRelocationAuth();
        app.UseReadYourWrites();
        app.UseAnonymousBodyLimit();
        app.MapApiReference();
        app.MapGet("/health", async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> (NpgsqlDataSource db, Readiness readiness, CancellationToken ct) =>
        {
            await using var cmd = db.CreateCommand("SELECT postgis_lib_version()");
            var postgis = (string?)await cmd.ExecuteScalarAsync(ct);
            if (readiness.IsReady) return TypedResults.Ok(new HealthView("ready", postgis, readiness.ReadyAfterSeconds));
            return TypedResults.Json(new HealthView("starting", postgis, null), statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithName("Health").WithTags("Health").AllowAnonymous().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}

/// <summary>ready (with the seconds warming took) or starting (503); the PostGIS library version either way.</summary>
public sealed record HealthView(string Status, string? Postgis,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? ReadyAfterS);
