using Microsoft.OpenApi;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Data.Users;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Hangfire;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Scoring;
using RelocationPlanner.Data.Scoring;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Scoring;

/// <summary>
/// Site suitability scoring: evaluate drawn or listed candidates, score saved sites, profiles,
/// exclusion zones, stored runs (rescoring job), the suitability surface and sensitivity.
/// Reads and evaluations are open; writes are in one group so a role can be required there.
/// </summary>
public static class ScoringApi
{
    /// <summary>Candidates per evaluate request (the scale case is 20k).</summary>
    public const int MaxFeatures = 100_000;

    /// <summary>Profiles and GeoJSON candidates nest a few levels; 256 leaves room and stops abuse.</summary>
    internal const int MaxJsonDepth = 256;

    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapGroup("/api/scoring").WithTags("Scoring");
        // Bodies: the service's 16 MB when signed in, RP_ANON_MAX_BODY_BYTES (2 MB) for anonymous callers.
        reads.MapPost("/evaluate", Evaluate).WithName("EvaluateSites").ReadsJson<EvaluateRequest>().Refuses(413, 422);
        reads.MapPost("/sensitivity", SensitivityOf).WithName("ScoringSensitivity").ReadsJson<EvaluateRequest>().Refuses(413, 422);
        reads.MapGet("/profiles", ListProfiles).WithName("ListScoringProfiles");
        reads.MapGet("/profiles/{code}", GetProfile).WithName("GetScoringProfile").Refuses(404);
        reads.MapGet("/exclusion_zones", ListZones).WithName("ListExclusionZones");
        reads.MapGet("/runs/{id:long}", GetRun).WithName("GetScoringRun").Refuses(400, 404);
        reads.MapGet("/runs/{id:long}/sensitivity", RunSensitivity).WithName("ScoringRunSensitivity").Refuses(400, 404);
        reads.MapGet("/surface", SurfaceEndpoint.Get).WithName("ScoringSurface")
            .Produces<SuitabilityGrid>(StatusCodes.Status200OK, "application/json").Refuses(400, 422)
            .AddOpenApiOperationTransformer((op, _, _) =>
            {
                // The default format: one answer per status in the metadata, so the GeoJSON form is added here.
                if (op.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                    content["application/geo+json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Description = "A GeoJSON FeatureCollection: one polygon per cell with its score (format=geojson, the default)." } };
                return Task.CompletedTask;
            });
        app.MapGet("/api/sites/{id:long}/score", ScoreSite).WithName("ScoreSavedSite").WithTags("Scoring").Refuses(400, 404, 422);

        // Profiles, exclusion zones and rescoring runs are planners' work.
        var writes = app.MapGroup("/api/scoring").WithTags("Scoring").RequireRoles(Roles.Planner);
        writes.MapPost("/profiles", SaveProfile).WithName("SaveScoringProfile").ReadsJson<ScoringProfile>();
        writes.MapPost("/exclusion_zones", ExclusionZonesApi.Create).WithName("CreateExclusionZone").ReadsJson<GeoJsonFeatureBody>("application/geo+json", "application/json").Refuses(409);
        writes.MapPost("/runs", StartRun).WithName("StartScoringRun").ReadsOptionalJson<RunRequest>();
        return app;
    }

    static async Task<Results<Ok<EvaluateResponse>, ProblemHttpResult>> Evaluate(HttpContext http, ReadDb read, InfrastructureCache cache, ScoringTimeBudget budget, bool? include_nearest, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var (profile, candidates, errors) = await ReadProfileAndFeaturesAsync(read.Db, body.RootElement, ct);
        if (errors.Count > 0) return Problem.Invalid(errors);
        var index = await cache.GetAsync(read.Db, ct);
        SiteResult[] results;
        EvaluationTimings timings;
        using (var scoring = budget.Start(ct))
        {
            try { (results, _, timings) = new SiteEvaluator(index, profile!).Evaluate(candidates!.Geometries, candidates.Codes, include_nearest == true, scoring.Token); }
            catch (ScoringCancelledException e) when (!ct.IsCancellationRequested) { return budget.Exceeded(e, candidates!.Codes); }
        }
        http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
            $"measure;dur={timings.MeasureMs:0.0}, network;dur={timings.NetworkMs:0.0}, score;dur={timings.ScoreMs:0.0}");
        return TypedResults.Ok(new EvaluateResponse(new ProfileRef(profile!.Code, profile.Version), index.DataVersion, results));
    }

    static async Task<(ScoringProfile?, Candidates?, List<FieldError>)> ReadProfileAndFeaturesAsync(NpgsqlDataSource db, JsonElement root, CancellationToken ct)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return (null, null, [new FieldError("$", Rules.Json, "The body must be a JSON object.")]);
        JsonElement? pj = root.TryGetProperty("profile", out var p) ? p : null;
        var (profile, errors) = await ScoringRequests.ResolveAsync(db, pj, "profile", ct);
        Candidates? candidates = null;
        if (!root.TryGetProperty("features", out var fc))
            errors.Add(new FieldError("features", Rules.Required, "'features' (a GeoJSON FeatureCollection) is required."));
        else
        {
            var (c, fe) = ScoringRequests.ReadFeatures(fc, "features", MaxFeatures);
            candidates = c;
            errors.AddRange(fe);
        }
        return (profile, candidates, errors);
    }

    static async Task<Results<Ok<SensitivityView>, ProblemHttpResult>> SensitivityOf(HttpContext http, ReadDb read, InfrastructureCache cache, ScoringTimeBudget budget, double? step, CancellationToken ct)
    {
        if (step is double s && !(s > 0 && s < 1)) return Problem.Invalid("step", Rules.Range, "'step' is a relative weight change in (0, 1), e.g. 0.1.");
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var (profile, candidates, errors) = await ReadProfileAndFeaturesAsync(read.Db, body.RootElement, ct);
        if (errors.Count > 0) return Problem.Invalid(errors);
        var index = await cache.GetAsync(read.Db, ct);
        SiteScore[] scores;
        using (var scoring = budget.Start(ct))
        {
            try { (_, scores, _) = new SiteEvaluator(index, profile!).Evaluate(candidates!.Geometries, candidates.Codes, false, scoring.Token); }
            catch (ScoringCancelledException e) when (!ct.IsCancellationRequested) { return budget.Exceeded(e, candidates!.Codes); }
        }
        return TypedResults.Ok(View(Sensitivity.Analyse(scores, step ?? 0.10), candidates.Codes));
    }

    static async Task<Results<Ok<SensitivityView>, ProblemHttpResult>> RunSensitivity(long id, NpgsqlDataSource db, double? step, CancellationToken ct)
    {
        if (step is double s && !(s > 0 && s < 1)) return Problem.Invalid("step", Rules.Range, "'step' is a relative weight change in (0, 1), e.g. 0.1.");
        if (await ScoringStore.RunAsync(db, id, ct) is not { } run) return Problem.NotFound($"No scoring run {id}.");
        // The run's rows streamed into what the analysis needs: scores and codes, never the stored text whole.
        var scores = new List<SiteScore>(run.SiteCount);
        var codes = new List<string?>(run.SiteCount);
        await foreach (var r in ScoringStore.RunSitesAsync(db, id, 0, null, ct))
        {
            scores.Add(new SiteScore(r.Score, r.Excluded, r.Reasons,
                [.. r.Criteria.Select(c => new CriterionScore(c.Criterion, c.DistanceM, c.NetworkDistanceM, c.Score, c.Weight, false))]));
            codes.Add(r.Code);
        }
        return TypedResults.Ok(View(Sensitivity.Analyse(scores, step ?? 0.10), codes));
    }

    static SensitivityView View(SensitivityReport report, IReadOnlyList<string?> codes) => new(report.IsRobust,
        [.. report.Sites.Select(s => new SiteRankChange(codes[s.Index], s.BaseRank, s.MaxAbsRankChange, s.WorstCriterion, s.WorstChange))],
        report.Scenarios);

    static async Task<Results<Ok<SavedSiteScore>, ProblemHttpResult>> ScoreSite(long id, string? profile, ReadDb read, InfrastructureCache cache, ScoringTimeBudget budget, CancellationToken ct)
    {
        if (await ScoringData.SiteAsync(read.Db, id, ct) is not { } site) return Problem.NotFound($"No site {id}.");
        var (p, errors) = await ScoringStore.ProfileByReferenceAsync(read.Db, profile ?? "default", "profile", ct);
        if (p is null) return Problem.Invalid(errors);
        var index = await cache.GetAsync(read.Db, ct);
        SiteResult[] results;
        using (var scoring = budget.Start(ct))
        {
            try { (results, _, _) = new SiteEvaluator(index, p).Evaluate([site.Geometry], [site.Code], withNearest: true, scoring.Token); }
            catch (ScoringCancelledException e) when (!ct.IsCancellationRequested) { return budget.Exceeded(e, site.Id, site.Code); }
        }
        return TypedResults.Ok(new SavedSiteScore(site.Id, new ProfileRef(p.Code, p.Version), index.DataVersion, results[0]));
    }

    static async Task<Results<Created<ProfileSaved>, ProblemHttpResult>> SaveProfile(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        if (body.RootElement.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Json, "The body must be a profile JSON object.");
        var (profile, errors) = ScoringRequests.ReadProfile(body.RootElement, "");
        if (profile is null) return Problem.Invalid(errors);
        if (!ScoringRequests.IsValidCode(profile.Code))
            return Problem.Invalid("code", Rules.ProfileCode, "'code' is 1-64 characters of a-z, 0-9, '_' or '-', starting with a letter or digit.");
        var json = JsonSerializer.Serialize(profile);
        var (version, createdAt) = await ScoringStore.SaveProfileAsync(db, profile.Code, json, FeaturesApi.UserOf(http), ct);
        var weights = profile.ResolveWeights();
        double sum = weights.Values.Sum();
        AhpResult? ahp = profile.Ahp is null ? null : Ahp.Compute(profile.Ahp.Matrix);
        return TypedResults.Created($"/api/scoring/profiles/{profile.Code}?version={version}", new ProfileSaved(profile.Code, version, createdAt,
            weights.ToDictionary(kv => kv.Key, kv => kv.Value / sum),
            ahp is null ? null : new AhpView(ahp.ConsistencyRatio, ahp.ConsistencyIndex, ahp.LambdaMax, ahp.Weights)));
    }

    static async Task<Ok<ProfileList>> ListProfiles(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(new ProfileList(await ScoringStore.ProfilesAsync(db, ct)));

    static async Task<Results<Ok<StoredProfile>, ProblemHttpResult>> GetProfile(string code, int? version, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ScoringRequests.IsValidCode(code) || await ScoringStore.ProfileAsync(db, code, version, ct) is not { } p)
            return Problem.NotFound($"No scoring profile '{code}'" + (version is null ? "." : $" version {version}."));
        using var doc = JsonDocument.Parse(p.BodyJson);
        return TypedResults.Ok(new StoredProfile(p.Code, p.Version, p.CreatedBy, p.CreatedAt, doc.RootElement.Clone()));
    }

    static async Task<Ok<ZoneCollection>> ListZones(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(new ZoneCollection("FeatureCollection", [.. (await ScoringStore.ZonesAsync(db, ct)).Select(z =>
            new ZoneFeature("Feature", z.Id, JsonDocument.Parse(z.GeoJson).RootElement, new ZoneProperties(z.Code, z.Name, z.Kind)))]));

    static async Task<Results<Accepted<JobView>, ProblemHttpResult>> StartRun(HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        string profile = "default";
        if (http.Request.ContentLength > 0)
        {
            using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
            if (body.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("profile", out var pj))
            {
                if (pj.ValueKind != JsonValueKind.String) return Problem.Invalid("profile", Rules.Profile, "'profile' is a saved profile's code.");
                profile = pj.GetString()!;
            }
        }
        var (p, errors) = await ScoringStore.ProfileByReferenceAsync(db, profile, "profile", ct);
        if (p is null) return Problem.Invalid(errors);
        var id = await BackgroundJobs.EnqueueAsync<RescoreSitesJob>(jobs, db, RescoreSitesJob.Kind,
            new RescoreInput(p.Code, p.Version), FeaturesApi.UserOf(http), ct);
        var job = await Data.Jobs.JobStore.GetAsync(db, id, ct);
        return TypedResults.Accepted($"/api/jobs/{id}", JobsApi.View(job!));
    }

    /// <summary>Results per page of a run unless <c>limit</c> says otherwise, and the most one page holds.</summary>
    public const int RunPageDefault = 1_000, RunPageMax = 10_000;

    /// <summary>A run's metadata and one page of its per-site results in site id order (?limit=&amp;after=, keyset paging by site id, next_after).</summary>
    static async Task<Results<Ok<RunView>, ProblemHttpResult>> GetRun(long id, string? limit, string? after, NpgsqlDataSource db, CancellationToken ct)
    {
        var e = new List<FieldError>();
        var n = PageLimit.Parse(limit, RunPageDefault, RunPageMax, e);
        long afterId = 0;
        if (!string.IsNullOrEmpty(after) && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
            e.Add(new("after", Rules.After, "after is the site id of a page's next_after (a whole number)."));
        if (e.Count > 0) return Problem.Invalid(e);
        if (await ScoringStore.RunAsync(db, id, ct) is not { } run) return Problem.NotFound($"No scoring run {id}.");
        // One row past the page tells whether another page follows.
        var rows = new List<RunSiteResult>(Math.Min(n, run.SiteCount) + 1);
        await foreach (var r in ScoringStore.RunSitesAsync(db, id, afterId, n + 1, ct)) rows.Add(r);
        long? next = null;
        if (rows.Count > n)
        {
            rows.RemoveAt(n);
            next = rows[^1].SiteId;
        }
        return TypedResults.Ok(new RunView(run.Id, new ProfileRef(run.ProfileCode, run.ProfileVersion), run.DataVersion,
            JsonDocument.Parse(run.DataVersionsJson).RootElement, run.JobId, run.SiteCount, run.CreatedBy, run.CreatedAt, rows, next));
    }
}

/// <summary>The body of /evaluate and /sensitivity: a profile (saved code, or inline) and candidate sites as a GeoJSON FeatureCollection.</summary>
public sealed record EvaluateRequest(JsonElement? Profile, GeoJsonCollectionBody Features);

/// <summary>How far each site's rank moves when one weight changes by <c>step</c>; robust when no rank moves.</summary>
public sealed record SensitivityView(bool Robust, IReadOnlyList<SiteRankChange> Sites, IReadOnlyList<SensitivityScenario> Scenarios);

public sealed record SiteRankChange(string? Code, int BaseRank, int MaxAbsRankChange, string? WorstCriterion, double? WorstChange);

public sealed record SavedSiteScore(long SiteId, ProfileRef Profile, long DataVersion, SiteResult Result);

/// <summary>A profile's new version, its normalised weights and (when given as a pairwise matrix) the AHP consistency.</summary>
public sealed record ProfileSaved(string Code, int Version, DateTimeOffset CreatedAt, Dictionary<string, double> Weights, AhpView? Ahp);

public sealed record AhpView(double ConsistencyRatio, double ConsistencyIndex, double LambdaMax, IReadOnlyList<double> Weights);

public sealed record ProfileList(IReadOnlyList<ProfileSummary> Profiles);

public sealed record StoredProfile(string Code, int Version, string CreatedBy, DateTimeOffset CreatedAt, JsonElement Profile);

public sealed record ZoneCollection(string Type, IReadOnlyList<ZoneFeature> Features);

public sealed record ZoneFeature(string Type, long Id, JsonElement Geometry, ZoneProperties Properties);

public sealed record ZoneProperties(string Code, string Name, string Kind);

/// <summary>The optional body of POST /api/scoring/runs: the saved profile to rescore with (default "default").</summary>
public sealed record RunRequest(string? Profile);

/// <summary>A stored run and one page of its results in site id order; <c>next_after</c> is the site id to pass as <c>after</c> for the next page (null on the last).</summary>
public sealed record RunView(long Id, ProfileRef Profile, long DataVersion, JsonElement DataVersions, Guid? JobId, int SiteCount,
    string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<RunSiteResult> Results, long? NextAfter);
