using RelocationPlanner.Core.Features;
using RelocationPlanner.Api.Auth;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Jobs;

/// <summary>GET /api/jobs/{id}: status, progress 0..1, result and errors of background work.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        // Job results may name households (registry imports): any signed-in user, never anonymous.
        app.MapGet("/api/jobs/{id}", Get).WithName("GetJob").WithTags("Jobs").RequireSignedIn();
        return app;
    }

    static async Task<IResult> Get(string id, HttpContext http, NpgsqlDataSource db, Replicas replicas, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) return Problem.Invalid("id", Rules.JobId, "A job id is a UUID.");
        if (await JobStore.GetAsync(db, guid, ct) is not { } job) return Problem.NotFound($"No job {id}.");
        // Whoever sees a job finished reads its writes next (an import's rows): as after any write.
        if (job.FinishedAt is not null) await replicas.StampAsync(http);
        return Results.Ok(View(job));
    }

    /// <summary>The job document (also the body of a 202 answer, with status queued).</summary>
    public static object View(JobInfo job) => new
    {
        id = job.Id,
        kind = job.Kind,
        status = job.Status,
        progress = job.Progress,
        message = job.Message,
        result = job.ResultJson is null ? (JsonElement?)null : JsonDocument.Parse(job.ResultJson).RootElement,
        errors = JsonDocument.Parse(job.ErrorsJson).RootElement,
        created_by = job.CreatedBy,
        created_at = job.CreatedAt,
        started_at = job.StartedAt,
        finished_at = job.FinishedAt,
    };
}
