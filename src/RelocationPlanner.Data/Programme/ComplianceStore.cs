using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Data.Programme;

/// <summary>A compliance policy as stored and listed.</summary>
public sealed class CompliancePolicyRow
{
    public required string Code { get; init; }
    public required string RegionCode { get; init; }
    public DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public decimal MaxAreaM2PerPerson { get; init; }
    public decimal MaxSelfPaidPerPerson { get; init; }
    public decimal MaxSelfPaidPerHousehold { get; init; }
    public int DemolishWithinDays { get; init; }
    public int MinEmployedPerLabourHousehold { get; init; }
}

/// <summary>
/// One unit's compliance as of a day. households, covered and moved_in count every active household
/// registered by then; the rest only the covered ones. demolition_rate = demolished / (moved in -
/// exempt) among covered moved-in households; employment_rate = employed / labour households;
/// area_m2_per_person = area / members over covered households with an area. Rates are fractions
/// (null when there is nothing to divide by).
/// </summary>
public sealed class ComplianceRow
{
    public string? UnitCode { get; init; }
    public string? UnitName { get; init; }
    public long Households { get; init; }
    public long Covered { get; init; }
    public long AreaOverLimit { get; init; }
    public long SelfPaidOverLimit { get; init; }
    public long MovedIn { get; init; }
    public long DemolitionDue { get; init; }
    public long Demolished { get; init; }
    public long DemolitionOverdue { get; init; }
    public long Exempt { get; init; }
    public long LabourHouseholds { get; init; }
    public long EmployedHouseholds { get; init; }
    public decimal? EmploymentRate => Fraction(EmployedHouseholds, LabourHouseholds);
    public decimal? DemolitionRate => Fraction(MovedInDemolished, CoveredMovedIn - MovedInExempt);
    public decimal? AreaM2PerPerson => AreaMembers == 0 ? null : decimal.Round(AreaM2 / AreaMembers, 2);

    // The denominators of the rates: kept out of the document, whose fields the contract fixes.
    [JsonIgnore] public long CoveredMovedIn { get; init; }
    [JsonIgnore] public long MovedInDemolished { get; init; }
    [JsonIgnore] public long MovedInExempt { get; init; }
    [JsonIgnore] public decimal AreaM2 { get; init; }
    [JsonIgnore] public long AreaMembers { get; init; }

    static decimal? Fraction(long part, long whole) => whole == 0 ? null : decimal.Round((decimal)part / whole, 6);
}

/// <summary>A household behind a count, with the figures that broke the rule (the other rules' figures are left out).</summary>
public sealed class FlaggedHousehold
{
    public required string Code { get; init; }
    public required string HeadName { get; init; }
    public required string UnitCode { get; init; }
    public string? SiteCode { get; init; }
    public int Members { get; init; }
    public required string PolicyCode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? HouseAreaM2 { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? AreaM2PerPerson { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? MaxAreaM2PerPerson { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? SelfPaid { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? SelfPaidLimit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateOnly? MovedInOn { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateOnly? DueOn { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? DaysOverdue { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? LabourMembers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? OpenEmployment { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MinEmployed { get; init; }
}

/// <summary>Compliance policies as data, the compliance report and the households behind its counts.</summary>
public static class ComplianceStore
{
    /// <summary>Levels the report rolls up to (administrative units; compliance_sums is kept per unit).</summary>
    public static readonly IReadOnlyList<string> Levels = ["province", "city", "county", "township", "village"];

    sealed class PolicyChecks
    {
        public long Region { get; init; }
        public long Existing { get; init; }
    }

    public static async Task<RegistryResult<CompliancePolicy>> CreatePolicyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CompliancePolicy p, CancellationToken ct)
    {
        var checks = await conn.QuerySingleAsync<PolicyChecks>(new CommandDefinition(SqlResources.Get("prog_policy_checks.sql"),
            new { region = p.RegionCode, code = p.Code }, tx, cancellationToken: ct));
        if (checks.Existing > 0) return RegistryResult<CompliancePolicy>.Fail(RegistryFailure.Conflict, new FieldError("code", Rules.Unique, $"Policy {p.Code} exists already."));
        if (checks.Region == 0) return RegistryResult<CompliancePolicy>.Fail(RegistryFailure.Unprocessable, new FieldError("region_code", Rules.Reference, $"No administrative unit {p.RegionCode}."));
        // Savepoint: an overlap refusal must leave the transaction usable for the caller's answer.
        await tx.SaveAsync("policy", ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_insert_policy.sql"), new
            {
                code = p.Code,
                region_code = p.RegionCode,
                valid_from = p.ValidFrom,
                valid_to = p.ValidTo,
                max_area_m2_per_person = p.MaxAreaM2PerPerson,
                max_self_paid_per_person = p.MaxSelfPaidPerPerson,
                max_self_paid_per_household = p.MaxSelfPaidPerHousehold,
                demolish_within_days = p.DemolishWithinDays,
                min_employed_per_labour_household = p.MinEmployedPerLabourHousehold,
            }, tx, FeatureImporter.BulkTimeoutSeconds, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            await tx.RollbackAsync("policy", ct);
            return RegistryResult<CompliancePolicy>.Fail(RegistryFailure.Conflict,
                new FieldError("valid_from", Rules.NoOverlap, $"Region {p.RegionCode} already has a compliance policy valid during part of this period; one policy per region per day."));
        }
        return RegistryResult<CompliancePolicy>.Success(p);
    }

    public static async Task<List<CompliancePolicyRow>> ListPoliciesAsync(NpgsqlDataSource db, string? region, string? code, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<CompliancePolicyRow>(new CommandDefinition(SqlResources.Get("prog_policies.sql"), new { region, code }, cancellationToken: ct))];
    }

    /// <summary>The report and the households still queued for the projection, read in one snapshot (a drain committing between them cannot make them disagree).</summary>
    public static async Task<ComplianceReport> ReportAsync(NpgsqlDataSource db, string level, DateOnly asOf, string? unit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginSnapshotAsync(conn, ct);
        var queued = await RefreshBacklog.PendingAsync(conn, tx, RefreshBacklog.Compliance, ct);
        var rows = await conn.QueryAsync<ComplianceRow>(new CommandDefinition(SqlResources.Get("prog_compliance_report.sql"),
            new { level, as_of = asOf, unit }, tx, cancellationToken: ct));
        return new ComplianceReport(level, asOf, [.. rows]) { QueuedForRefresh = queued };
    }

    /// <summary>One page of the households behind a rule's count, after code <paramref name="after"/> (keyset), and the households still queued, in one snapshot.</summary>
    public static async Task<(List<FlaggedHousehold> Rows, long Queued)> FlaggedAsync(NpgsqlDataSource db, string rule, DateOnly asOf, string? unit, string? after, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginSnapshotAsync(conn, ct);
        var queued = await RefreshBacklog.PendingAsync(conn, tx, RefreshBacklog.Compliance, ct);
        var rows = await conn.QueryAsync<FlaggedHousehold>(new CommandDefinition(SqlResources.Get("prog_compliance_households.sql"),
            new { rule, as_of = asOf, unit, after, limit }, tx, cancellationToken: ct));
        return ([.. rows], queued);
    }
}
