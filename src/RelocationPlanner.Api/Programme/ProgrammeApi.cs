using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Api.Registry;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Data.Registry;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Programme;

/// <summary>
/// The programme after the keys: household facts (partial update under If-Match) and employment,
/// compliance policies and the compliance report with its drill-down, sites as construction
/// projects, reported figures and their reconciliation. Who may write each table is registered here.
/// </summary>
public static class ProgrammeApi
{
    public static IEndpointRouteBuilder MapProgrammeApi(this IEndpointRouteBuilder app)
    {
        // Follow-up support and reporting are relocation officers' work; a site's plan is planners',
        // its works and spending engineers'. Compliance policies decide for whole regions: admins only.
        EntityEditors.Register("employment", Roles.RelocationOfficer);
        EntityEditors.Register("compliance_policies");
        EntityEditors.Register("site_plans", Roles.Planner);
        EntityEditors.Register("site_milestones", Roles.Planner, Roles.Engineer);
        EntityEditors.Register("site_expenditures", Roles.Engineer);
        EntityEditors.Register("reported_statistics", Roles.RelocationOfficer);

        var reads = app.MapGroup("/api").WithTags("Programme");
        var personal = app.MapGroup("/api").WithTags("Programme").RequirePersonalData();
        app.MapPatch("/api/households/{code}", PatchFacts).WithName("PatchHouseholdFacts").WithTags("Programme").RequireEditorOf("households")
            .ReadsJson<HouseholdFacts>().Refuses(404, 412, 428);
        app.MapPost("/api/households/{code}/employment", AddEmployment).WithName("AddEmployment").WithTags("Programme").RequireEditorOf("employment")
            .ReadsJson<EmploymentInput>().Refuses(404, 409, 422);
        app.MapPost("/api/employment/import", ImportEmployment).WithName("ImportEmployment").WithTags("Programme").RequireEditorOf("employment")
            .ReadsCsv().Refuses(409, 422);
        personal.MapGet("/households/{code}/employment", ListEmployment).WithName("ListEmployment");
        ComplianceApi.Map(app, reads, personal);
        SiteProjectsApi.Map(app, reads);
        StatisticsApi.Map(app, reads);
        return app;
    }

    /// <summary>
    /// Body: any of the facts (<see cref="HouseholdFactRules.Names"/>); null clears one, a name left out
    /// keeps it. If-Match (the ETag of GET /api/households/{code}) is required.
    /// </summary>
    static async Task<Results<Ok<HouseholdDetail>, ProblemHttpResult>> PatchFacts(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch)) return Problem.PreconditionRequired();
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object of household facts.");
        var errors = root.EnumerateObject().Where(p => !HouseholdFactRules.Names.Contains(p.Name))
            .Select(p => new FieldError(p.Name, Rules.UnknownProperty, $"{p.Name} cannot be changed here; the facts are {string.Join(", ", HouseholdFactRules.Names)}.")).ToList();
        var (given, readErrors) = HouseholdFactRules.Read(root);
        errors.AddRange(readErrors);
        if (errors.Count == 0 && given.Count == 0) errors.Add(new("$", Rules.Required, $"Give at least one of {string.Join(", ", HouseholdFactRules.Names)}."));
        if (errors.Count > 0) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await HouseholdFactsStore.PatchAsync(conn, tx, code, ETag.Parse(ifMatch) ?? -1, given, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        http.Response.Headers.ETag = ETag.Of(result.Value!.Version);
        return TypedResults.Ok(result.Value);
    }

    static async Task<Results<Created<EmploymentRecord>, ProblemHttpResult>> AddEmployment(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var (input, errors) = EmploymentRules.Read(doc.RootElement, code);
        if (input is null) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await EmploymentStore.AddAsync(conn, tx, input, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/households/{Uri.EscapeDataString(code)}/employment", result.Value);
    }

    static async Task<Ok<EmploymentList>> ListEmployment(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(new EmploymentList(code, await EmploymentStore.ListAsync(conn, null, code, ct)));
    }

    /// <summary>CSV <c>household_code,member,kind,employer,started_on,ended_on</c>: all rows or none, errors naming line and column.</summary>
    static async Task<Results<Ok<EmploymentImported>, ProblemHttpResult>> ImportEmployment(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (RegistryApi.RefuseNonCsv(http) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        using var reader = RegistryApi.CsvBody(http);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await EmploymentStore.ImportAsync(conn, tx, reader, ct);
        if (outcome.ErrorCount > 0) return RegistryProblems.ImportRejected(outcome.Errors, outcome.ErrorCount);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new EmploymentImported(outcome.Imported, Math.Round(started.Elapsed.TotalSeconds, 3), []));
    }
}

public sealed record EmploymentList(string HouseholdCode, IReadOnlyList<EmploymentRecord> Employment);

/// <summary>What a CSV import stored (errors is empty: a file with any error imports nothing and answers a problem).</summary>
public sealed record EmploymentImported(long Imported, double Seconds, IReadOnlyList<RowError> Errors);
