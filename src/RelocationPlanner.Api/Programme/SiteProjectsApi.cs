using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Infrastructure;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Api.Registry;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Infrastructure;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Programme;

/// <summary>
/// A centralized site as a construction project: its plan (PUT, history kept; If-Match when given),
/// milestones (forward only), the expenditure ledger (reversals as negative entries; spending past a
/// source's budget recorded and flagged), the project view and the site-progress report.
/// </summary>
static class SiteProjectsApi
{
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder reads)
    {
        app.MapPut("/api/sites/{code}/plan", PutPlan).WithName("PutSitePlan").WithTags("Programme").RequireEditorOf("site_plans")
            .ReadsJson<SitePlan>().Refuses(404, 412, 422);
        app.MapPost("/api/sites/{code}/milestones", AddMilestone).WithName("AddSiteMilestone").WithTags("Programme").RequireEditorOf("site_milestones")
            .ReadsJson<MilestoneInput>().Refuses(404, 409, 422);
        app.MapPost("/api/sites/{code}/expenditures", AddExpenditure).WithName("AddSiteExpenditure").WithTags("Programme").RequireEditorOf("site_expenditures")
            .ReadsJson<ExpenditureInput>().Refuses(404, 409, 422);
        reads.MapGet("/sites/{code}/project", Project).WithName("SiteProject").Refuses(400, 404);
        reads.MapGet("/reports/site-progress", Progress).WithName("SiteProgressReport").AnswersTable<SiteProgressReport>();
    }

    static async Task<Results<Ok<PlanStored>, ProblemHttpResult>> PutPlan(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var (plan, errors) = SiteProjectRules.ReadPlan(doc.RootElement);
        if (plan is null) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await SiteProjectStore.PutPlanAsync(conn, tx, code, plan, string.IsNullOrWhiteSpace(ifMatch) ? null : ETag.Parse(ifMatch), ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        http.Response.Headers.ETag = ETag.Of(result.Value);
        return TypedResults.Ok(new PlanStored(code, result.Value, plan.HousesPlanned, plan.FloorAreaM2, plan.BudgetTotal, plan.Houses, plan.Facilities, plan.Budget));
    }

    static async Task<Results<Created<SiteMilestoneRecord>, ProblemHttpResult>> AddMilestone(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var body = doc.RootElement;
        if (body.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object.");
        var errors = new List<FieldError>();
        var milestone = Json.String(body, "milestone", errors, required: true);
        var date = Json.Date(body, "date", errors, required: true);
        if (milestone is not null && SiteProjectRules.Rank(milestone) == 0)
            errors.Add(new("milestone", Rules.Enum, $"milestone must be one of {string.Join(", ", SiteProjectRules.Milestones)}."));
        if (date > Money.Today()) errors.Add(new("date", Rules.NotInFuture, "date is in the future: record what has happened."));
        if (errors.Count > 0) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await SiteProjectStore.AddMilestoneAsync(conn, tx, code, milestone!, date!.Value, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/sites/{Uri.EscapeDataString(code)}/project", result.Value);
    }

    static async Task<Results<Created<ExpenditureRecorded>, ProblemHttpResult>> AddExpenditure(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var (input, errors) = SiteProjectRules.ReadExpenditure(doc.RootElement);
        if (input is null) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await SiteProjectStore.AddExpenditureAsync(conn, tx, code, input, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/sites/{Uri.EscapeDataString(code)}/project", result.Value);
    }

    /// <summary>?as_of= (default today), ?service_m= (the infrastructure's service distance, as /api/sites/{id}/infrastructure).</summary>
    static async Task<Results<Ok<SiteProject>, ProblemHttpResult>> Project(string code, string? as_of, string? service_m, ReadDb read, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = DateOnly.FromDateTime(DateTime.Today);
        if (!string.IsNullOrWhiteSpace(as_of) && !ReportsApi.TryDate(as_of, out day)) errors.Add(new("as_of", Rules.Date, "as_of is a date yyyy-mm-dd (default today)."));
        var serviceM = InfrastructureFilters.ServiceDistance(service_m, errors);
        if (errors.Count > 0) return Problem.Invalid(errors);
        if (await SiteProjectStore.ProjectAsync(read.Db, code, day, ct) is not { } project) return Problem.NotFound($"No site {code}.");
        return TypedResults.Ok(project with { Infrastructure = await InfrastructureApi.SiteFiguresAsync(read.Db, project.Site.Id, serviceM, ct) });
    }

    static async Task<IResult> Progress(ReadDb read, string? level, string? as_of, string? unit, string? format, CancellationToken ct)
    {
        var e = ReportsApi.Common(level, as_of, format, out var lvl, out var day, out var fmt, ComplianceStore.Levels);
        if (e.Count > 0) return Problem.Invalid(e);
        var report = new SiteProgressReport(lvl, day, await ProgrammeReports.SiteProgressAsync(read.Db, lvl, day, RegistryApi.Empty(unit), ct));
        return TableDownload.Answer(fmt, report.Table(), report);
    }
}

/// <summary>A stored plan (its version is the ETag) with its totals.</summary>
public sealed record PlanStored(string SiteCode, int Version, int HousesPlanned, decimal FloorAreaM2, decimal BudgetTotal,
    IReadOnlyList<HouseType> Houses, IReadOnlyList<Facility> Facilities, IReadOnlyList<BudgetLine> Budget);
