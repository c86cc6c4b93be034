using System.Text.Json;
using Npgsql;
using Hangfire;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Core.Scoring;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.Data.Scoring;

namespace RelocationPlanner.Api.Scoring;

/// <summary>Input of a rescoring job: which profile version to apply.</summary>
public sealed record RescoreInput(string Profile, int Version);

/// <summary>
/// Rescores every saved site with one profile version on the current infrastructure and stores
/// the run (profile version, data version, one row of results per site). Progress: the fraction of
/// sites scored (to 95 %), then of results stored.
/// </summary>
public sealed class RescoreSitesJob(NpgsqlDataSource db, InfrastructureCache cache, ScoringTimeBudget budget) : TrackedJob(db)
{
    public const string Kind = "scoring.rescore";
    const int Batch = 2_000;
    const double ScoredShare = 0.95;

    protected override async Task<object> RunAsync(Guid jobId, JobInfo job, IProgress<(double Fraction, string? Message)> progress, CancellationToken ct)
    {
        var input = JsonSerializer.Deserialize<RescoreInput>(job.InputJson ?? "{}", Json)
            ?? throw new JobFailedException("The job has no input.", []);
        var (profile, errors) = await ScoringStore.ProfileByReferenceAsync(Db, $"{input.Profile}@{input.Version}", "profile", ct);
        if (profile is null) throw new JobFailedException("Unknown profile.", errors.Cast<object>().ToList());

        var index = await cache.GetAsync(ct);
        var sites = await ScoringData.SitesAsync(Db, ct);
        var evaluator = new SiteEvaluator(index, profile);
        // The results go to a temporary file as each batch is scored, and from it to the database by
        // binary COPY in one short transaction with the run: the nation's 735k sites never sit in memory at once.
        await using var spool = new RunSpool();
        for (int start = 0; start < sites.Count; start += Batch)
        {
            var chunk = sites.Skip(start).Take(Batch).ToList();
            SiteResult[] scored;
            try { (scored, _, _) = evaluator.Evaluate(chunk.Select(s => s.Geometry).ToList(), chunk.Select(s => (string?)s.Code).ToList(), false, ct, budget.JobSite); }
            catch (ScoringCancelledException e) when (e.SiteBudgetExceeded && e.Site is int i)
            {
                var slow = chunk[i];
                var message = $"Site {slow.Id} (code '{slow.Code}') took longer than {budget.JobSite.TotalSeconds:0.###} s to score " +
                    $"({ScoringTimeBudget.JobSiteSetting}); the run was stopped and nothing was stored. Simplify that site's geometry.";
                throw new JobFailedException(message, [new { field = $"sites[{slow.Id}]", rule = "time_budget", message, site_id = slow.Id, site_code = slow.Code }]);
            }
            for (int i = 0; i < chunk.Count; i++) spool.Add(chunk[i].Id, chunk[i].Code, scored[i]);
            progress.Report((ScoredShare * spool.Count / Math.Max(1, sites.Count), $"{spool.Count} of {sites.Count} sites scored"));
        }
        var (runId, _) = await ScoringStore.SaveRunAsync(Db, profile.Code, profile.Version, index.DataVersion, JsonSerializer.Serialize(index.Versions), jobId,
            spool, job.CreatedBy, n => progress.Report((ScoredShare + (1 - ScoredShare) * n / Math.Max(1, spool.Count), $"{n} of {spool.Count} results stored")), ct);
        return new { run_id = runId, site_count = spool.Count, data_version = index.DataVersion, profile = profile.Code, profile_version = profile.Version };
    }
}

/// <summary>
/// Recurring check (every RP_SCORING_CHECK_SECONDS, default 60; 0 turns it off): when the
/// infrastructure's data version differs from the newest run of the default profile, enqueue a
/// rescoring job, unless one is already queued or running. A Hangfire recurring job: one
/// instance runs each occurrence, never two at once.
/// </summary>
public sealed class RescoreCheckJob(NpgsqlDataSource db, IBackgroundJobClient jobs)
{
    public const string Id = "scoring.rescore-check";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)] // the next occurrence checks again
    public async Task RunAsync(CancellationToken ct)
    {
        long current = InfrastructureIndex.DataVersionOf(await DataVersions.ReadAsync(db, ScoringData.InfrastructureTables, ct));
        if (await ScoringStore.LatestRunDataVersionAsync(db, "default", ct) == current) return;
        if (await JobStore.PendingAsync(db, RescoreSitesJob.Kind, ct)) return;
        var (profile, _) = await ScoringStore.ProfileByReferenceAsync(db, "default", "profile", ct);
        if (profile is null) return;
        await BackgroundJobs.EnqueueAsync<RescoreSitesJob>(jobs, db, RescoreSitesJob.Kind,
            new RescoreInput(profile.Code, profile.Version), "system", ct);
    }
}
