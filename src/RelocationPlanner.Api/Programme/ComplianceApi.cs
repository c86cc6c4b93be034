using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Api.Registry;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Data.Users;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Programme;

/// <summary>Compliance policies as data, the compliance report (JSON, CSV, XLSX) and the households behind each count.</summary>
static class ComplianceApi
{
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder reads, RouteGroupBuilder personal)
    {
        app.MapPost("/api/compliance-policies", CreatePolicy).WithName("CreateCompliancePolicy").WithTags("Programme").RequireRoles(Roles.Admin)
            .ReadsJson<CompliancePolicy>().Refuses(409, 422);
        reads.MapGet("/compliance-policies", ListPolicies).WithName("ListCompliancePolicies");
        reads.MapGet("/reports/compliance", Report).WithName("ComplianceReport").AnswersTable<ComplianceReport>();
        personal.MapGet("/reports/compliance/households", Households).WithName("ComplianceHouseholds").Refuses(400);
    }

    static async Task<Results<Created<CompliancePolicyRow>, ProblemHttpResult>> CreatePolicy(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var (policy, errors) = ComplianceRules.Read(doc.RootElement);
        if (policy is null) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await ComplianceStore.CreatePolicyAsync(conn, tx, policy, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        var stored = (await ComplianceStore.ListPoliciesAsync(db, null, policy.Code, ct)).Single();
        return TypedResults.Created($"/api/compliance-policies?code={Uri.EscapeDataString(policy.Code)}", stored);
    }

    static async Task<Ok<CompliancePolicyList>> ListPolicies(NpgsqlDataSource db, string? region, string? code, CancellationToken ct) =>
        TypedResults.Ok(new CompliancePolicyList(await ComplianceStore.ListPoliciesAsync(db, RegistryApi.Empty(region), RegistryApi.Empty(code), ct)));

    static async Task<IResult> Report(ReadDb read, string? level, string? as_of, string? unit, string? format, CancellationToken ct)
    {
        var e = ReportsApi.Common(level, as_of, format, out var lvl, out var day, out var fmt, ComplianceStore.Levels);
        if (e.Count > 0) return Problem.Invalid(e);
        var report = await ComplianceStore.ReportAsync(read.Db, lvl, day, RegistryApi.Empty(unit), ct);
        return TableDownload.Answer(fmt, report.Table(), report);
    }

    /// <summary>?rule=area|self_paid|demolition_overdue|unemployed&amp;as_of=&amp;unit=&amp;after=&amp;limit= (keyset paging by code, next_after).</summary>
    static async Task<Results<Ok<FlaggedPage>, ProblemHttpResult>> Households(ReadDb read, string? rule, string? as_of, string? unit, string? after, string? limit, CancellationToken ct)
    {
        var e = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(rule)) e.Add(new("rule", Rules.Required, $"rule is one of {string.Join(", ", ComplianceRules.All)}."));
        else if (!ComplianceRules.All.Contains(rule)) e.Add(new("rule", Rules.Enum, $"rule is one of {string.Join(", ", ComplianceRules.All)}."));
        var day = DateOnly.FromDateTime(DateTime.Today);
        if (!string.IsNullOrWhiteSpace(as_of) && !ReportsApi.TryDate(as_of, out day)) e.Add(new("as_of", Rules.Date, "as_of is a date yyyy-mm-dd (default today)."));
        var n = PageLimit.Parse(limit, 100, 1000, e);
        if (e.Count > 0) return Problem.Invalid(e);
        var (rows, queued) = await ComplianceStore.FlaggedAsync(read.Db, rule!, day, RegistryApi.Empty(unit), RegistryApi.Empty(after), n, ct);
        return TypedResults.Ok(new FlaggedPage(rule!, day, RegistryApi.Empty(unit), rows, rows.Count == n ? rows[^1].Code : null, queued));
    }
}

public sealed record CompliancePolicyList(IReadOnlyList<CompliancePolicyRow> Policies);

/// <summary>The households a compliance rule flags as of a day; <c>next_after</c> pages on by code (null on the last page).</summary>
public sealed record FlaggedPage(string Rule, DateOnly AsOf, string? Unit, IReadOnlyList<FlaggedHousehold> Households, string? NextAfter, long QueuedForRefresh);
