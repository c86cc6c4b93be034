using RelocationPlanner.Core.Features;
using RelocationPlanner.Api.Auth;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.Api.Replication;

using RelocationPlanner.Api.Hosting;

namespace RelocationPlanner.Api.Jobs;

/// <summary>GET /api/jobs/{id}: status, progress 0..1, result and errors of background work.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        // Job results may name households (registry imports): any signed-in user, never anonymous.
        app.MapGet("/api/jobs/{id}", Get).WithName("GetJob").WithTags("Jobs").RequireSignedIn().Refuses(400, 404);
        return app;
    }

    static async Task<Results<Ok<JobView>, ProblemHttpResult>> Get(string id, HttpContext http, NpgsqlDataSource db, Replicas replicas, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) return Problem.Invalid("id", Rules.JobId, "A job id is a UUID.");
        if (await JobStore.GetAsync(db, guid, ct) is not { } job) return Problem.NotFound($"No job {id}.");
        // Whoever sees a job finished reads its writes next (an import's rows): as after any write.
        if (job.FinishedAt is not null) await replicas.StampAsync(http);
        return TypedResults.Ok(View(job));
    }

    /// <summary>The job document (also the body of a 202 answer, with status queued).</summary>
    public static JobView View(JobInfo job) => new(job.Id, job.Kind, job.Status, job.Progress, job.Message,
        job.ResultJson is null ? null : JsonDocument.Parse(job.ResultJson).RootElement, JsonDocument.Parse(job.ErrorsJson).RootElement,
        job.CreatedBy, job.CreatedAt, job.StartedAt, job.FinishedAt);
}

/// <summary>A background job: status (queued, running, succeeded, failed), progress 0..1, its result and errors once it ends.</summary>
public sealed record JobView(Guid Id, string Kind, string Status, double Progress, string? Message, JsonElement? Result, JsonElement Errors,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
