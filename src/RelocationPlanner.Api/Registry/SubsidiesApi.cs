using RelocationPlanner.Api.Auth;
using RelocationPlanner.Data.Users;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Api.Registry;

/// <summary>Subsidy policies as data, entitlements, the disbursement ledger and funding reconciliation.</summary>
static class SubsidiesApi
{
    public static void Map(RouteGroupBuilder writes, RouteGroupBuilder reads, RouteGroupBuilder personal)
    {
        // Policies decide money for whole regions: admins only.
        writes.MapPost("/subsidy-policies", CreatePolicy).WithName("CreateSubsidyPolicy").RequireRoles(Roles.Admin).ReadsJson<PolicyView>().Refuses(409, 422);
        writes.MapPost("/disbursements", Disburse).WithName("CreateDisbursement").ReadsJson<DisbursementInput>().Refuses(404, 409, 422);
        writes.MapPost("/disbursements/import", Import).WithName("ImportDisbursements").ReadsCsv().Refuses(409, 422);
        reads.MapGet("/subsidy-policies", ListPolicies).WithName("ListSubsidyPolicies");
        personal.MapGet("/households/{code}/entitlement", GetEntitlement).WithName("GetEntitlement").Refuses(404);
        personal.MapGet("/households/{code}/disbursements", Ledger).WithName("HouseholdLedger").Refuses(404);
        // A calculation, not a write: it stores nothing.
        reads.MapPost("/reports/funding-reconciliation", Reconcile).WithName("FundingReconciliation").ReadsJson<ReconciliationRequest>().Refuses(422);
    }

    static PolicyView Shape(SubsidyPolicy p) => new(p.Code, p.RegionCode, p.ValidFrom, p.ValidTo, p.Basis, p.Rate,
        [.. p.Components.Select(c => c with { Amount = Money.Normalize(c.Amount) })]);

    static async Task<Results<Created<PolicyView>, ProblemHttpResult>> CreatePolicy(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var (policy, errors) = SubsidyPolicyReader.Read(body.RootElement);
        if (policy is null) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await SubsidyStore.CreatePolicyAsync(conn, tx, policy, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/subsidy-policies?code={Uri.EscapeDataString(policy.Code)}", Shape(policy));
    }

    static async Task<Ok<PolicyList>> ListPolicies(NpgsqlDataSource db, string? region, string? code, CancellationToken ct) =>
        TypedResults.Ok(new PolicyList([.. (await SubsidyStore.ListPoliciesAsync(db, RegistryApi.Empty(region), RegistryApi.Empty(code), ct)).Select(Shape)]));

    static async Task<Results<Ok<Entitlement>, ProblemHttpResult>> GetEntitlement(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await SubsidyStore.EntitlementAsync(conn, null, code, ct) is { } e ? TypedResults.Ok(e) : Problem.NotFound($"No household {code}.");
    }

    /// <summary>A payment list (CSV household_code,component,amount,paid_on), all rows or none; errors name line and field.</summary>
    static async Task<Results<Ok<DisbursementsImported>, ProblemHttpResult>> Import(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (RegistryApi.RefuseNonCsv(http) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        using var reader = RegistryApi.CsvBody(http);
        var outcome = await DisbursementImport.ImportAsync(conn, tx, reader, ct);
        if (outcome.ErrorCount > 0) return RegistryProblems.ImportRejected(outcome.Errors, outcome.ErrorCount);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new DisbursementsImported(outcome.Imported, outcome.Amount, []));
    }

    /// <summary>The household's ledger entries (payments and reversals, with ids a reversal names).</summary>
    static async Task<Results<Ok<HouseholdLedger>, ProblemHttpResult>> Ledger(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await RegistryStore.GetAsync(db, code, ct) is null) return Problem.NotFound($"No household {code}.");
        return TypedResults.Ok(new HouseholdLedger(code, await SubsidyStore.LedgerAsync(db, code, ct)));
    }

    static async Task<Results<Created<Disbursement>, ProblemHttpResult>> Disburse(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var body = doc.RootElement;
        if (body.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object.");
        var errors = new List<FieldError>();
        var household = Json.String(body, "household_code", errors, required: false);
        var component = Json.String(body, "component", errors, required: false);
        var paidOn = Json.Date(body, "paid_on", errors, required: true);
        if (paidOn > Money.Today())
            errors.Add(new("paid_on", Rules.NotInFuture, $"paid_on {paidOn:yyyy-MM-dd} is in the future: the ledger records payments made."));
        long? reverses = null;
        if (body.TryGetProperty("reverses", out var rv) && rv.ValueKind != JsonValueKind.Null)
        {
            if (rv.ValueKind == JsonValueKind.Number && rv.TryGetInt64(out var id)) reverses = id;
            else errors.Add(new("reverses", Rules.Integer, "reverses is the id of the ledger entry being reversed."));
        }
        decimal? amount = null;
        if (!body.TryGetProperty("amount", out var a)) errors.Add(new("amount", Rules.Required, "amount is required."));
        else
        {
            var (v, err) = Money.Read(a);
            if (err is not null) errors.Add(new("amount", Rules.Decimal, "amount " + err + "."));
            else if (reverses is null && v <= 0) errors.Add(new("amount", Rules.Positive, "A payment is positive; a reversal is negative and names the entry it reverses (reverses)."));
            else if (reverses is not null && v >= 0) errors.Add(new("amount", Rules.Negative, "A reversal has a negative amount."));
            else amount = v;
        }
        if (reverses is null && household is null) errors.Add(new("household_code", Rules.Required, "household_code is required."));
        if (reverses is null && component is null) errors.Add(new("component", Rules.Required, "component is required."));
        if (errors.Count > 0) return Problem.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await SubsidyStore.DisburseAsync(conn, tx, new DisbursementInput(household, component, amount!.Value, paidOn!.Value, reverses), ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/households/{Uri.EscapeDataString(result.Value!.HouseholdCode)}/entitlement", result.Value);
    }

    /// <summary>
    /// Body: {"programme", "policy_code" | "components": [{name, amount}], "households"?, "people",
    /// "sources": [{"funding_source", "people", "raised"?}]}.
    /// </summary>
    static async Task<Results<Ok<ReconciliationResult>, ProblemHttpResult>> Reconcile(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, RegistryApi.MaxJsonDepth, ct);
        var body = doc.RootElement;
        if (body.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object.");
        var e = new List<FieldError>();
        var programme = Json.String(body, "programme", e, required: true);
        var households = Json.Int(body, "households", e, required: false);
        var people = Json.Int(body, "people", e, required: true);
        if (people is < 0) e.Add(new("people", Rules.NonNegative, "people cannot be negative."));
        var policyCode = Json.String(body, "policy_code", e, required: false);
        var components = new List<PolicyComponent>();
        if (policyCode is null)
        {
            if (!body.TryGetProperty("components", out var cs) || cs.ValueKind != JsonValueKind.Array || cs.GetArrayLength() == 0)
                e.Add(new("policy_code", Rules.Required, "Give policy_code, or components [{name, amount}] for the rate."));
            else
            {
                var i = 0;
                foreach (var c in cs.EnumerateArray())
                {
                    var ce = new List<FieldError>();
                    var name = c.ValueKind == JsonValueKind.Object ? Json.String(c, "name", ce, required: true) : null;
                    var (amount, err) = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("amount", out var a) ? Money.Read(a) : (null, "is required");
                    if (err is not null) ce.Add(new("amount", Rules.Decimal, "amount " + err + "."));
                    e.AddRange(ce.Select(x => x.Under($"components[{i++}]")));
                    if (ce.Count == 0) components.Add(new PolicyComponent(name!, amount!.Value, Json.String(c, "funding_source", [], false) ?? ""));
                }
            }
        }
        var sources = new List<FundingShare>();
        if (!body.TryGetProperty("sources", out var ss) || ss.ValueKind != JsonValueKind.Array || ss.GetArrayLength() == 0)
            e.Add(new("sources", Rules.Required, "sources is a non-empty array of {funding_source, people, raised}."));
        else
        {
            var i = 0;
            foreach (var s in ss.EnumerateArray())
            {
                var se = new List<FieldError>();
                if (s.ValueKind != JsonValueKind.Object) { e.Add(new($"sources[{i++}]", Rules.Object, "Each source is an object.")); continue; }
                var name = Json.String(s, "funding_source", se, required: true);
                var p = Json.Int(s, "people", se, required: true);
                if (p is < 0) se.Add(new("people", Rules.NonNegative, "people cannot be negative."));
                decimal? raised = null;
                if (s.TryGetProperty("raised", out var r) && r.ValueKind != JsonValueKind.Null)
                {
                    var (v, err) = Money.Read(r);
                    if (err is not null) se.Add(new("raised", Rules.Decimal, "raised " + err + "."));
                    raised = v;
                }
                e.AddRange(se.Select(x => x.Under($"sources[{i++}]")));
                if (se.Count == 0) sources.Add(new FundingShare(name!, p!.Value, raised));
            }
        }
        if (e.Count > 0) return Problem.Invalid(e);
        if (policyCode is not null)
        {
            var policy = (await SubsidyStore.ListPoliciesAsync(db, null, policyCode, ct)).FirstOrDefault();
            if (policy is null) return Problem.Of(422, "rule", "Unknown policy", $"No policy {policyCode}.", [new("policy_code", Rules.Reference, $"No policy {policyCode}.")]);
            if (policy.Basis != SubsidyPolicy.PerPerson)
                return Problem.Of(422, "rule", "Per-person policy needed", "Reconciliation multiplies people by a per-person rate.", [new("policy_code", Rules.PerPerson, "The policy must be per_person.")]);
            components = [.. policy.Components];
        }
        return TypedResults.Ok(FundingReconciliation.Compute(new ReconciliationInput(programme!, households, people!.Value, components, sources)));
    }
}

/// <summary>A subsidy policy as stored and listed (money with two decimals); also the body of POST /api/subsidy-policies.</summary>
public sealed record PolicyView(string Code, string RegionCode, DateOnly ValidFrom, DateOnly? ValidTo, string Basis, decimal Rate, IReadOnlyList<PolicyComponent> Components);

public sealed record PolicyList(IReadOnlyList<PolicyView> Policies);

/// <summary>The body of POST /api/reports/funding-reconciliation: a policy's per-person rate, or components given here.</summary>
public sealed record ReconciliationRequest(string Programme, string? PolicyCode, IReadOnlyList<PolicyComponent>? Components, int? Households, int People, IReadOnlyList<FundingShare> Sources);

/// <summary>A payment list stored whole: how many entries and their sum (errors is empty on success).</summary>
public sealed record DisbursementsImported(long Imported, decimal Amount, IReadOnlyList<RowError> Errors);

/// <summary>A household's ledger: payments and reversals in order, with the ids a reversal names.</summary>
public sealed record HouseholdLedger(string HouseholdCode, IReadOnlyList<Disbursement> Entries);
