using System.Data;
using Dapper;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Infrastructure;
using RelocationPlanner.Data.Jobs;

namespace RelocationPlanner.Data.Infrastructure;

/// <summary>One unit and status of the infrastructure report (km geodesic, clipped to the unit).</summary>
public sealed record InfraReportRow(string UnitCode, string UnitName, string Status, double RoadKm, double PowerLineKm, long Wells);

/// <summary>Plan vs completed of one unit; percentages are completed / all statuses.</summary>
public sealed record InfraProgressRow(
    string UnitCode, string UnitName,
    double RoadPlannedKm, double RoadUnderConstructionKm, double RoadCompletedKm,
    double PowerLinePlannedKm, double PowerLineUnderConstructionKm, double PowerLineCompletedKm,
    long WellsPlanned, long WellsUnderConstruction, long WellsCompleted)
{
    public double? RoadCompletedPct => Pct(RoadCompletedKm, RoadPlannedKm + RoadUnderConstructionKm + RoadCompletedKm);
    public double? PowerLineCompletedPct => Pct(PowerLineCompletedKm, PowerLinePlannedKm + PowerLineUnderConstructionKm + PowerLineCompletedKm);
    public double? WellsCompletedPct => Pct(WellsCompleted, WellsPlanned + WellsUnderConstruction + WellsCompleted);

    /// <summary>Percent to one decimal; null when there is nothing to complete.</summary>
    static double? Pct(double done, double all) => all > 0 ? Math.Round(done / all * 100, 1) : null;
}

/// <summary>What was completed in one month in one unit, and the running totals up to that month.</summary>
public sealed record InfraMonthRow(string UnitCode, string UnitName, string Month, double RoadKm, double PowerLineKm, long Wells,
    double RoadKmCumulative, double PowerLineKmCumulative, long WellsCumulative);

/// <summary>A feature serving a site.</summary>
public sealed record ServingFeature(string Entity, string Code, string? Name, string Status, double LengthM, double DistanceM, bool Inside);

/// <summary>Reads of the infrastructure reports: the figures come from the sums of infra_unit_parts (infra_sums), the cross-check from the parts.</summary>
public static class InfrastructureQueries
{
    /// <summary>
    /// The report and the features of bulk writes still queued for clipping, read in one snapshot:
    /// a drain that commits between the two reads cannot leave "0 queued" beside rows without them.
    /// </summary>
    public static async Task<InfrastructureReport> ReportAsync(NpgsqlDataSource db, ReportFilter f, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginSnapshotAsync(conn, ct);
        var queued = await RefreshBacklog.PendingAsync(conn, tx, RefreshBacklog.Infrastructure, ct);
        await using var cmd = new NpgsqlCommand(SqlResources.Get("infra_report.sql"), conn, tx);
        Add(cmd, f.Level, NpgsqlDbType.Text);
        Add(cmd, f.Status, NpgsqlDbType.Text);
        Add(cmd, f.Year, NpgsqlDbType.Integer);
        Add(cmd, f.RoadClass, NpgsqlDbType.Text);
        Add(cmd, f.Surface, NpgsqlDbType.Text);
        Add(cmd, f.MinVoltageKv, NpgsqlDbType.Numeric);
        var rows = new List<InfraReportRow>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
                rows.Add(new(r.GetString("code"), r.GetString("name"), r.GetString("status"), r.GetDouble("road_km"), r.GetDouble("power_line_km"), r.GetInt64("wells")));
        }
        await tx.CommitAsync(ct);
        return new InfrastructureReport(f.Level, rows) { QueuedForRefresh = queued };
    }

    public static async Task<List<InfraProgressRow>> ProgressAsync(NpgsqlDataSource db, string level, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("infra_progress.sql"));
        Add(cmd, level, NpgsqlDbType.Text);
        var rows = new List<InfraProgressRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new(r.GetString("code"), r.GetString("name"),
                r.GetDouble("road_planned_km"), r.GetDouble("road_under_construction_km"), r.GetDouble("road_completed_km"),
                r.GetDouble("power_line_planned_km"), r.GetDouble("power_line_under_construction_km"), r.GetDouble("power_line_completed_km"),
                r.GetInt64("wells_planned"), r.GetInt64("wells_under_construction"), r.GetInt64("wells_completed")));
        return rows;
    }

    public static async Task<bool> UnitExistsAsync(NpgsqlDataSource db, string code, string level, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("infra_unit_exists.sql"));
        Add(cmd, code, NpgsqlDbType.Text);
        Add(cmd, level, NpgsqlDbType.Text);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static async Task<List<InfraMonthRow>> MonthlyAsync(NpgsqlDataSource db, string level, string? unit, MonthRange months, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("infra_monthly.sql"));
        Add(cmd, level, NpgsqlDbType.Text);
        Add(cmd, unit, NpgsqlDbType.Text);
        Add(cmd, months.From, NpgsqlDbType.Date);
        Add(cmd, months.To, NpgsqlDbType.Date);
        var rows = new List<InfraMonthRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var month = r.GetFieldValue<DateOnly>("month");
            rows.Add(new(r.GetString("unit_code"), r.GetString("name"), month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                r.GetDouble("road_km"), r.GetDouble("power_line_km"), r.GetInt64("wells"),
                r.GetDouble("road_km_cumulative"), r.GetDouble("power_line_km_cumulative"), r.GetInt64("wells_cumulative")));
        }
        return rows;
    }

    /// <summary>Geodesic (PostGIS) and Gauss-Kruger (ProjNET) sums of the clipped lines of a level or one unit.</summary>
    public static async Task<ProjectedCrossCheck> CrossCheckAsync(NpgsqlDataSource db, string level, string? unit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var check = new ProjectedCrossCheck();
        foreach (var p in await conn.QueryAsync<CrossCheckPart>(new CommandDefinition(SqlResources.Get("infra_crosscheck_parts.sql"), new { level, unit }, cancellationToken: ct)))
            check.Add(p.Unit, p.Entity, p.Part, p.LengthM);
        return check;
    }

    sealed record CrossCheckPart(string Unit, string Entity, Geometry Part, double LengthM);

    /// <summary>The site's code and name, or null when there is no such site.</summary>
    public static async Task<(string Code, string Name)?> SiteAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("infra_site_exists.sql"));
        Add(cmd, id, NpgsqlDbType.Bigint);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetString("code"), r.GetString("name")) : null;
    }

    /// <summary>Features inside the site or within <paramref name="serviceM"/> metres (geodesic), nearest first per table.</summary>
    public static async Task<List<ServingFeature>> ServingAsync(NpgsqlDataSource db, long siteId, double serviceM, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("infra_site.sql"));
        Add(cmd, siteId, NpgsqlDbType.Bigint);
        Add(cmd, serviceM, NpgsqlDbType.Double);
        var rows = new List<ServingFeature>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new(r.GetString("entity"), r.GetString("code"), r.TextOrNull("name"), r.GetString("status"),
                r.GetDouble("length_m"), r.GetDouble("distance_m"), r.GetBoolean("inside")));
        return rows;
    }

    static void Add(NpgsqlCommand cmd, object? value, NpgsqlDbType type) =>
        cmd.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
}
