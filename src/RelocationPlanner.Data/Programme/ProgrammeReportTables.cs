using RelocationPlanner.Data.Tables;
using static RelocationPlanner.Data.Tables.TableColumn;

namespace RelocationPlanner.Data.Programme;

// The programme's reports as documents (the service's JSON, `rp report --format json`) and as
// tables (CSV, XLSX, the terminal): one definition of each, used by both hosts.

/// <summary>Compliance with the national plan's rules per unit on a day.</summary>
public sealed record ComplianceReport(string Level, DateOnly AsOf, IReadOnlyList<ComplianceRow> Rows)
{
    /// <summary>Households of a bulk write still queued for the projection (RefreshBacklog): the rows do not include them yet; 0 = up to date.</summary>
    public long QueuedForRefresh { get; init; }

    public ReportTable Table() => new($"compliance-{Level}-{AsOf:yyyy-MM-dd}",
        [Text("unit_code"), Text("unit_name"), Count("households"), Count("covered"), Count("area_over_limit"), Count("self_paid_over_limit"),
            Count("moved_in"), Count("demolition_due"), Count("demolished"), Count("demolition_overdue"), Count("exempt"),
            Count("labour_households"), Count("employed_households"), Ratio("employment_rate", "employed_households", "labour_households"), Rate("demolition_rate"), Number("area_m2_per_person").NoTotal()],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Households, r.Covered, r.AreaOverLimit, r.SelfPaidOverLimit, r.MovedIn,
            r.DemolitionDue, r.Demolished, r.DemolitionOverdue, r.Exempt, r.LabourHouseholds, r.EmployedHouseholds,
            r.EmploymentRate, r.DemolitionRate, r.AreaM2PerPerson })])
    { Report = "compliance", Level = Level, AsOf = $"{AsOf:yyyy-MM-dd}" };
}

/// <summary>Centralized sites as construction projects per unit on a day.</summary>
public sealed record SiteProgressReport(string Level, DateOnly AsOf, IReadOnlyList<SiteProgressRow> Rows)
{
    public string Money => "yuan, JSON numbers with exactly two decimals";

    public ReportTable Table() => new($"site-progress-{Level}-{AsOf:yyyy-MM-dd}",
        [Text("unit_code"), Text("unit_name"), Count("sites"), Count("approved"), Count("handed_over"), Count("houses_planned"),
            Number("floor_area_m2_planned"), TableColumn.Money("budget_total"), TableColumn.Money("spent_total"), Ratio("spent_rate", "spent_total", "budget_total"),
            Count("over_budget_sites"), Count("capacity_households"), Count("households_assigned"), Count("moved_in")],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Sites, r.Approved, r.HandedOver, r.HousesPlanned, r.FloorAreaM2Planned,
            r.BudgetTotal, r.SpentTotal, r.SpentRate, r.OverBudgetSites, r.CapacityHouseholds, r.HouseholdsAssigned, r.MovedIn })])
    { Report = "site-progress", Level = Level, AsOf = $"{AsOf:yyyy-MM-dd}" };
}

/// <summary>Reported figures of a year beside the registry's and the infrastructure tables'.</summary>
public sealed record ReconciliationReport(string? Level, int Year, decimal Tolerance, IReadOnlyList<ReconciliationRow> Rows)
{
    public string Registry => "relocated_households / relocated_people: households and people registered in the year; road_km, power_line_km, wells: completed in the year";

    public ReportTable Table() => new($"reconciliation-{Level ?? "all"}-{Year}",
        [Text("unit_code"), Text("unit_name"), Text("indicator"), Count("reported_count"), Number("reported"), Number("registry"),
            Number("difference"), Rate("relative_difference"), Text("flagged"), Text("note")],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Indicator, r.ReportedCount, r.Reported, r.Registry,
            r.Difference, r.RelativeDifference, r.Flagged ? "yes" : "no", r.Note })],
        KeyColumns: 3)
    { Report = "reconciliation", Level = Level, AsOf = Year.ToString(System.Globalization.CultureInfo.InvariantCulture), HasTotals = false };
}
