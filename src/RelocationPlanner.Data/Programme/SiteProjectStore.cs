using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Data.Programme;

public sealed class SiteRef
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string SiteType { get; init; }
    public int? CapacityHouseholds { get; init; }
    public string? UnitCode { get; init; }
}

public sealed class StoredPlan
{
    public JsonElement Houses { get; init; }
    public JsonElement Facilities { get; init; }
    public JsonElement Budget { get; init; }
    public int HousesPlanned { get; init; }
    public decimal FloorAreaM2 { get; init; }
    public decimal BudgetTotal { get; init; }
    public int Version { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

public sealed class SiteMilestoneRecord
{
    public required string Milestone { get; init; }
    public DateOnly Date { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed class ExpenditureRecord
{
    public long Id { get; init; }
    public required string Category { get; init; }
    public decimal Amount { get; init; }
    public DateOnly SpentOn { get; init; }
    public required string FundingSource { get; init; }
    public long? Reverses { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A funding source's budget against what was spent from it; over budget is flagged, never refused.</summary>
public sealed class SourceBudget
{
    public required string FundingSource { get; init; }
    public decimal Budget { get; init; }
    public decimal Spent { get; init; }
    public decimal Remaining => Budget - Spent;
    public bool OverBudget => Spent > Budget;
}

public sealed class CategorySpent
{
    public required string Category { get; init; }
    public decimal Spent { get; init; }
}

public sealed class SiteHouseholds
{
    public int? Capacity { get; set; }
    public long Assigned { get; init; }
    public long KeysClaimed { get; init; }
    public long MovedIn { get; init; }
}

public sealed record BudgetSummary(decimal BudgetTotal, decimal SpentTotal, decimal? SpentRate, IReadOnlyList<SourceBudget> BySource, IReadOnlyList<CategorySpent> ByCategory);

/// <summary>A site's project as of a day; <see cref="Infrastructure"/> is filled in by the host (the existing per-site figures).</summary>
public sealed record SiteProject(SiteRef Site, DateOnly AsOf, StoredPlan? Plan, IReadOnlyList<SiteMilestoneRecord> Milestones, BudgetSummary Budget,
    IReadOnlyList<ExpenditureRecord> Expenditures, SiteHouseholds Households)
{
    [JsonPropertyOrder(1)] public object? Infrastructure { get; init; }
}

public sealed record ExpenditureRecorded(ExpenditureRecord Entry, IReadOnlyList<FieldError> Warnings);

/// <summary>Sites as construction projects: the plan (If-Match when given), milestones, the expenditure ledger, the project view.</summary>
public static class SiteProjectStore
{
    static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<SiteRef?> SiteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string code, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<SiteRef>(new CommandDefinition(SqlResources.Get("prog_site.sql"), new { code }, tx, cancellationToken: ct));

    /// <summary>Replaces a site's plan; <paramref name="version"/> (If-Match), when given, must be the stored plan's. Returns the new version.</summary>
    public static async Task<RegistryResult<int>> PutPlanAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, SitePlan plan, int? version, CancellationToken ct)
    {
        if (await SiteAsync(conn, tx, code, ct) is not { } site) return RegistryResult<int>.Fail(RegistryFailure.NotFound, new FieldError("code", Rules.NotFound, $"No site {code}."));
        var current = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(SqlResources.Get("prog_site_plan_lock.sql"), new { site_id = site.Id }, tx, cancellationToken: ct));
        if (version is not null && version != current)
            return RegistryResult<int>.Fail(RegistryFailure.Stale, new FieldError("If-Match", Rules.StaleEtag,
                current is null ? $"Site {code} has no plan yet: send the first one without If-Match." : $"The plan of {code} is at version {current}, not {version}: read it again."));
        var stored = await conn.ExecuteScalarAsync<int>(new CommandDefinition(SqlResources.Get("prog_site_plan_upsert.sql"), new
        {
            site_id = site.Id,
            houses = JsonSerializer.Serialize(plan.Houses, Snake),
            facilities = JsonSerializer.Serialize(plan.Facilities, Snake),
            budget = JsonSerializer.Serialize(plan.Budget, Snake),
        }, tx, cancellationToken: ct));
        return RegistryResult<int>.Success(stored);
    }

    public static async Task<RegistryResult<SiteMilestoneRecord>> AddMilestoneAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, string milestone, DateOnly date, CancellationToken ct)
    {
        if (await SiteAsync(conn, tx, code, ct) is not { } site)
            return RegistryResult<SiteMilestoneRecord>.Fail(RegistryFailure.NotFound, new FieldError("code", Rules.NotFound, $"No site {code}."));
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_site_lock.sql"), new { site_id = site.Id }, tx, cancellationToken: ct));
        var recorded = (await conn.QueryAsync<SiteMilestoneRecord>(new CommandDefinition(SqlResources.Get("prog_site_milestones.sql"), new { site_id = site.Id }, tx, cancellationToken: ct)))
            .Select(m => (m.Milestone, m.Date)).ToList();
        if (SiteProjectRules.CheckNext(recorded, milestone, date) is { } error)
            return RegistryResult<SiteMilestoneRecord>.Fail(error.Rule == Rules.Enum ? RegistryFailure.Invalid : RegistryFailure.Conflict, error);
        var row = await conn.QuerySingleAsync<SiteMilestoneRecord>(new CommandDefinition(SqlResources.Get("prog_site_insert_milestone.sql"),
            new { site_id = site.Id, milestone, date }, tx, cancellationToken: ct));
        return RegistryResult<SiteMilestoneRecord>.Success(new SiteMilestoneRecord { Milestone = milestone, Date = date, RecordedBy = row.RecordedBy, RecordedAt = row.RecordedAt });
    }

    sealed class Original
    {
        public long Id { get; init; }
        public long SiteId { get; init; }
        public required string Category { get; init; }
        public required string FundingSource { get; init; }
        public long? ReversesId { get; init; }
    }

    sealed class Inserted
    {
        public long Id { get; init; }
        public required string RecordedBy { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
    }

    /// <summary>Writes a ledger entry; spending a source past its budget (as of the entry's day) comes back as a warning.</summary>
    public static async Task<RegistryResult<ExpenditureRecorded>> AddExpenditureAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, ExpenditureInput x, CancellationToken ct)
    {
        if (await SiteAsync(conn, tx, code, ct) is not { } site) return Fail(RegistryFailure.NotFound, "code", Rules.NotFound, $"No site {code}.");
        var (category, source) = (x.Category, x.FundingSource);
        if (x.Reverses is { } rev)
        {
            var o = await conn.QuerySingleOrDefaultAsync<Original>(new CommandDefinition(SqlResources.Get("prog_site_expenditure.sql"), new { id = rev }, tx, cancellationToken: ct));
            if (o is null || o.SiteId != site.Id) return Fail(RegistryFailure.Unprocessable, "reverses", Rules.Reference, $"No ledger entry {rev} of site {code}.");
            if (o.ReversesId is not null) return Fail(RegistryFailure.Unprocessable, "reverses", Rules.ReversalMatches, $"Entry {rev} is itself a reversal.");
            if ((category ?? o.Category) != o.Category || (source ?? o.FundingSource) != o.FundingSource)
                return Fail(RegistryFailure.Unprocessable, "reverses", Rules.ReversalMatches, $"Entry {rev} is {o.Category} from {o.FundingSource}.");
            (category, source) = (o.Category, o.FundingSource);
        }
        Inserted row;
        await tx.SaveAsync("expenditure", ct);
        try
        {
            row = await conn.QuerySingleAsync<Inserted>(new CommandDefinition(SqlResources.Get("prog_site_insert_expenditure.sql"), new
            {
                site_id = site.Id,
                category,
                amount = x.Amount,
                spent_on = x.SpentOn,
                funding_source = source,
                reverses_id = x.Reverses,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName is { } name && name.StartsWith("site_expenditures_", StringComparison.Ordinal))
        {
            // The database's own refusal (the authority under concurrency), named for the caller.
            await tx.RollbackAsync("expenditure", ct);
            var (field, rule) = name switch
            {
                "site_expenditures_reversal_within_original" => ("amount", Rules.ReversalWithinOriginal),
                "site_expenditures_reversal_dates_in_order" => ("spent_on", Rules.DatesInOrder),
                "site_expenditures_sign" => ("amount", Rules.Positive),
                _ => ("reverses", Rules.ReversalMatches),
            };
            return Fail(RegistryFailure.Unprocessable, field, rule, e.MessageText);
        }
        var warnings = new List<FieldError>();
        foreach (var b in await BudgetAsync(conn, tx, site.Id, x.SpentOn, ct))
            if (b.FundingSource == source && b.OverBudget)
                warnings.Add(new("amount", Rules.WithinBudget,
                    $"{source} has now spent {b.Spent:0.00} of a budget of {b.Budget:0.00} for site {code}: {-b.Remaining:0.00} over. Recorded, and flagged in the reports."));
        return RegistryResult<ExpenditureRecorded>.Success(new(new ExpenditureRecord
        {
            Id = row.Id,
            Category = category!,
            Amount = x.Amount,
            SpentOn = x.SpentOn,
            FundingSource = source!,
            Reverses = x.Reverses,
            RecordedBy = row.RecordedBy,
            RecordedAt = row.RecordedAt,
        }, warnings));
    }

    static async Task<List<SourceBudget>> BudgetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long siteId, DateOnly asOf, CancellationToken ct) =>
        [.. await conn.QueryAsync<SourceBudget>(new CommandDefinition(SqlResources.Get("prog_site_budget.sql"), new { site_id = siteId, as_of = asOf }, tx, cancellationToken: ct))];

    /// <summary>The project as of a day, or null when there is no such site.</summary>
    public static async Task<SiteProject?> ProjectAsync(NpgsqlDataSource db, string code, DateOnly asOf, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SiteAsync(conn, null, code, ct) is not { } site) return null;
        var args = new { site_id = site.Id, as_of = asOf, code };
        CommandDefinition Q(string file) => new(SqlResources.Get(file), args, cancellationToken: ct);
        var plan = await conn.QuerySingleOrDefaultAsync<StoredPlan>(Q("prog_site_plan.sql"));
        var milestones = (await conn.QueryAsync<SiteMilestoneRecord>(Q("prog_site_milestones.sql"))).ToList();
        var bySource = await BudgetAsync(conn, null, site.Id, asOf, ct);
        var byCategory = (await conn.QueryAsync<CategorySpent>(Q("prog_site_spent_by_category.sql"))).ToList();
        var ledger = (await conn.QueryAsync<ExpenditureRecord>(Q("prog_site_expenditures.sql"))).ToList();
        var households = await conn.QuerySingleAsync<SiteHouseholds>(Q("prog_site_households.sql"));
        households.Capacity = site.CapacityHouseholds;
        var budgetTotal = plan?.BudgetTotal ?? 0m;
        var spent = bySource.Sum(b => b.Spent);
        var budget = new BudgetSummary(budgetTotal, spent, budgetTotal == 0 ? null : decimal.Round(spent / budgetTotal, 6), bySource, byCategory);
        return new SiteProject(site, asOf, plan, milestones, budget, ledger, households);
    }

    static RegistryResult<ExpenditureRecorded> Fail(RegistryFailure f, string field, string rule, string message) =>
        RegistryResult<ExpenditureRecorded>.Fail(f, new FieldError(field, rule, message));
}
