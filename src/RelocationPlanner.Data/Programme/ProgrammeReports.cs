using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Data.Programme;

/// <summary>Centralized sites of one unit as projects, as of a day (spent_rate = spent / budget, null without a budget).</summary>
public sealed class SiteProgressRow
{
    public string? UnitCode { get; init; }
    public string? UnitName { get; init; }
    public long Sites { get; init; }
    public long Approved { get; init; }
    public long HandedOver { get; init; }
    public long HousesPlanned { get; init; }
    public decimal FloorAreaM2Planned { get; init; }
    public decimal BudgetTotal { get; init; }
    public decimal SpentTotal { get; init; }
    public decimal? SpentRate => BudgetTotal == 0 ? null : decimal.Round(SpentTotal / BudgetTotal, 6);
    public long OverBudgetSites { get; init; }
    public long CapacityHouseholds { get; init; }
    public long HouseholdsAssigned { get; init; }
    public long MovedIn { get; init; }
}

/// <summary>
/// A reported figure beside the registry's for the same unit and year. reported is null when the
/// unit reported the indicator more than once (reported_count says how often): that is flagged, as
/// is a difference of more than the tolerance (a fraction of the reported figure).
/// </summary>
public sealed class ReconciliationRow
{
    public required string UnitCode { get; init; }
    public string? UnitName { get; init; }
    public bool RegisteredUnit { get; init; }
    public required string Indicator { get; init; }
    public int ReportedCount { get; init; }
    public decimal? Reported { get; init; }
    public decimal Registry { get; init; }
    public decimal? Difference => Reported - Registry;
    public decimal? RelativeDifference => Reported is > 0 ? decimal.Round((Reported.Value - Registry) / Reported.Value, 6) : null;
    [JsonIgnore] public decimal Tolerance { get; set; }
    public bool Flagged => ReportedCount > 1 || (Reported is { } r && Math.Abs(r - Registry) > Tolerance * r) || (Reported == 0 && Registry > 0);

    /// <summary>Why a line is flagged, in a word: ambiguous (more than one value), or past the tolerance.</summary>
    public string? Note => ReportedCount > 1 ? "one_value_per_unit_year" : Flagged ? "past_tolerance" : null;
}

/// <summary>The site-progress and reconciliation reports' queries.</summary>
public static class ProgrammeReports
{
    public static async Task<List<SiteProgressRow>> SiteProgressAsync(NpgsqlDataSource db, string level, DateOnly asOf, string? unit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<SiteProgressRow>(new CommandDefinition(SqlResources.Get("prog_site_progress.sql"),
            new { level, as_of = asOf, unit }, cancellationToken: ct))];
    }

    /// <summary>Default tolerance of the reconciliation: 5 % of the reported figure.</summary>
    public const decimal DefaultTolerance = 0.05m;

    /// <summary>The reconciliation of <paramref name="year"/>: units of <paramref name="level"/> (null: every unit that reported, known or not), within <paramref name="unit"/> if given.</summary>
    public static async Task<List<ReconciliationRow>> ReconciliationAsync(NpgsqlDataSource db, string? level, int year, string? unit, decimal tolerance, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<ReconciliationRow>(new CommandDefinition(SqlResources.Get("prog_reconciliation.sql"),
            new { level, year, unit, indicators = Indicators.Reconciled.ToArray() }, cancellationToken: ct))).ToList();
        foreach (var r in rows) r.Tolerance = tolerance;
        return rows;
    }
}
