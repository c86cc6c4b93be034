using RelocationPlanner.Data.Tables;
using static RelocationPlanner.Data.Tables.TableColumn;

namespace RelocationPlanner.Data.Infrastructure;

// The infrastructure reports as documents (the service's JSON, `rp report --format json`) and as
// tables (CSV, XLSX, the terminal): one definition of each, used by both hosts.

/// <summary>Km of roads and power lines and the wells per unit and status.</summary>
public sealed record InfrastructureReport(string Level, IReadOnlyList<InfraReportRow> Rows)
{
    /// <summary>Features of a bulk write still queued for clipping (RefreshBacklog): the rows do not include them yet; 0 = up to date.</summary>
    public long QueuedForRefresh { get; init; }

    public ReportTable Table() => new($"infrastructure-{Level}",
        [Text("unit_code"), Text("unit_name"), Text("status"), Km("road_km"), Km("power_line_km"), Count("wells")],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Status, r.RoadKm, r.PowerLineKm, r.Wells })],
        KeyColumns: 3)
    { Report = "infrastructure", Level = Level };
}

/// <summary>Plan vs completed per unit.</summary>
public sealed record InfrastructureProgressReport(string Level, IReadOnlyList<InfraProgressRow> Rows)
{
    public ReportTable Table() => new($"infrastructure-progress-{Level}",
        [Text("unit_code"), Text("unit_name"),
            Km("road_planned_km"), Km("road_under_construction_km"), Km("road_completed_km"), Percent("road_completed_pct"),
            Km("power_line_planned_km"), Km("power_line_under_construction_km"), Km("power_line_completed_km"), Percent("power_line_completed_pct"),
            Count("wells_planned"), Count("wells_under_construction"), Count("wells_completed"), Percent("wells_completed_pct")],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName,
            r.RoadPlannedKm, r.RoadUnderConstructionKm, r.RoadCompletedKm, r.RoadCompletedPct,
            r.PowerLinePlannedKm, r.PowerLineUnderConstructionKm, r.PowerLineCompletedKm, r.PowerLineCompletedPct,
            r.WellsPlanned, r.WellsUnderConstruction, r.WellsCompleted, r.WellsCompletedPct })])
    { Report = "infrastructure-progress", Level = Level };
}

/// <summary>Completions per month and unit, with running totals.</summary>
public sealed record InfrastructureMonthlyReport(string Level, string? Unit, IReadOnlyList<InfraMonthRow> Rows)
{
    public ReportTable Table() => new($"infrastructure-monthly-{Level}{(Unit is null ? "" : "-" + Unit)}",
        [Text("unit_code"), Text("unit_name"), Date("month"), Km("road_km"), Km("power_line_km"), Count("wells"),
            Km("road_km_cumulative").NoTotal(), Km("power_line_km_cumulative").NoTotal(), Count("wells_cumulative").NoTotal()],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Month, r.RoadKm, r.PowerLineKm, r.Wells,
            r.RoadKmCumulative, r.PowerLineKmCumulative, r.WellsCumulative })],
        KeyColumns: 3)
    { Report = "infrastructure-monthly", Level = Level, Unit = Unit };
}
