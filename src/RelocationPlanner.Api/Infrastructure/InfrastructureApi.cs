using Npgsql;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Infrastructure;
using RelocationPlanner.Data.Infrastructure;

namespace RelocationPlanner.Api.Infrastructure;

/// <summary>
/// Infrastructure figures for engineers: km of roads and power lines and wells per unit and
/// status (clipped to the unit, geodesic), plan vs completed, completions per month (JSON, CSV,
/// XLSX), the Gauss-Kruger cross-check, and what serves one site. Reads only: the figures are
/// kept in step by database triggers on every write (0400_infrastructure.sql).
/// </summary>
public static class InfrastructureApi
{
    public static IEndpointRouteBuilder MapInfrastructureApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports/infrastructure").WithTags("Infrastructure");
        reports.MapGet("/", Report).WithName("InfrastructureReport");
        reports.MapGet("/progress", Progress).WithName("InfrastructureProgress");
        reports.MapGet("/monthly", Monthly).WithName("InfrastructureMonthly");
        reports.MapGet("/crosscheck", CrossCheck).WithName("InfrastructureCrossCheck");
        app.MapGet("/api/sites/{id:long}/infrastructure", SiteInfrastructure).WithName("SiteInfrastructure").WithTags("Infrastructure");
        return app;
    }

    static async Task<IResult> Report(HttpRequest req, NpgsqlDataSource db, CancellationToken ct)
    {
        var q = req.Query;
        var (filter, errors) = InfrastructureFilters.Report(q["level"], q["status"], q["year"], q["road_class"], q["surface"], q["min_voltage_kv"]);
        var format = TableDownload.Format(q["format"], errors);
        if (filter is null || errors.Count > 0) return Problem.Invalid(errors);
        var report = new InfrastructureReport(filter.Level, await InfrastructureQueries.ReportAsync(db, filter, ct))
        {
            QueuedForRefresh = await RefreshBacklog.PendingAsync(db, RefreshBacklog.Infrastructure, ct),
        };
        return TableDownload.Answer(format, report.Table(), report);
    }

    static async Task<IResult> Progress(HttpRequest req, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var level = InfrastructureFilters.Level(req.Query["level"], errors);
        if (level is null || errors.Count > 0) return Problem.Invalid(errors);
        return Results.Ok(new InfrastructureProgressReport(level, await InfrastructureQueries.ProgressAsync(db, level, ct)));
    }

    static async Task<IResult> Monthly(HttpRequest req, NpgsqlDataSource db, CancellationToken ct)
    {
        var q = req.Query;
        var errors = new List<FieldError>();
        var level = InfrastructureFilters.Level(q["level"], errors);
        var months = InfrastructureFilters.Months(q["from"], q["to"], errors);
        var format = TableDownload.Format(q["format"], errors);
        string? unit = string.IsNullOrEmpty(q["unit"]) ? null : q["unit"].ToString();
        if (level is null || errors.Count > 0) return Problem.Invalid(errors);
        if (unit is not null && !await InfrastructureQueries.UnitExistsAsync(db, unit, level, ct))
            return Problem.Invalid("unit", Rules.Unknown, $"There is no {level} with code {unit}.");

        var report = new InfrastructureMonthlyReport(level, unit, await InfrastructureQueries.MonthlyAsync(db, level, unit, months, ct));
        return TableDownload.Answer(format, report.Table(), report);
    }

    static async Task<IResult> CrossCheck(HttpRequest req, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var level = InfrastructureFilters.Level(req.Query["level"], errors);
        string? unit = string.IsNullOrEmpty(req.Query["unit"]) ? null : req.Query["unit"].ToString();
        if (level is null || errors.Count > 0) return Problem.Invalid(errors);
        if (unit is not null && !await InfrastructureQueries.UnitExistsAsync(db, unit, level, ct))
            return Problem.Invalid("unit", Rules.Unknown, $"There is no {level} with code {unit}.");

        var check = await InfrastructureQueries.CrossCheckAsync(db, level, unit, ct);
        var rows = check.Units.Select(u =>
        {
            var road = check.Get(u, "roads");
            var power = check.Get(u, "power_lines");
            return new
            {
                unit_code = u,
                road_km = road.GeodesicM / 1000,
                road_km_gk = road.ProjectedM / 1000,
                road_diff_pct = road.DifferencePct,
                power_line_km = power.GeodesicM / 1000,
                power_line_km_gk = power.ProjectedM / 1000,
                power_line_diff_pct = power.DifferencePct,
                gk_zones = road.Zones.Union(power.Zones).Order().ToArray(),
            };
        }).ToList();
        return Results.Ok(new
        {
            level,
            method = "road_km/power_line_km: ST_Length(geography) of the clipped parts (PostGIS); *_gk: planar length of each part in the CGCS2000 3-degree Gauss-Kruger zone of its centroid longitude (ProjNET).",
            rows,
        });
    }

    static async Task<IResult> SiteInfrastructure(long id, HttpRequest req, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var serviceM = InfrastructureFilters.ServiceDistance(req.Query["service_m"], errors);
        if (errors.Count > 0) return Problem.Invalid(errors);
        return await SiteFiguresAsync(db, id, serviceM, ct) is { } figures ? Results.Ok(figures) : Problem.NotFound($"No site with id {id}.");
    }

    /// <summary>
    /// What serves one site (inside it or within <paramref name="serviceM"/> metres): roads, power lines
    /// and wells with their km and counts, and the access checklists; null when there is no such site.
    /// The site's project view (Programme/SiteProjectsApi) shows the same figures.
    /// </summary>
    internal static async Task<object?> SiteFiguresAsync(NpgsqlDataSource db, long id, double serviceM, CancellationToken ct)
    {
        if (await InfrastructureQueries.SiteAsync(db, id, ct) is not { } site) return null;

        var serving = await InfrastructureQueries.ServingAsync(db, id, serviceM, ct);
        object Group(string entity)
        {
            var list = serving.Where(s => s.Entity == entity).ToList();
            var completed = list.Where(s => s.Status == "completed").ToList();
            return new
            {
                count = list.Count,
                completed_count = completed.Count,
                km = list.Sum(s => s.LengthM) / 1000,
                completed_km = completed.Sum(s => s.LengthM) / 1000,
                features = list.Select(s => new { code = s.Code, name = s.Name, status = s.Status, length_km = s.LengthM / 1000, distance_m = s.DistanceM, inside = s.Inside }),
            };
        }

        Dictionary<ServiceKind, Evidence?> Nearest(bool completed) => new()
        {
            [ServiceKind.Road] = NearestOf(serving, "roads", completed),
            [ServiceKind.Power] = NearestOf(serving, "power_lines", completed),
            [ServiceKind.Water] = NearestOf(serving, "wells", completed),
        };
        var checklists = AccessChecklist.Build(Nearest(true), Nearest(false), serviceM);
        return new
        {
            site = new { id, code = site.Code, name = site.Name },
            service_m = serviceM,
            roads = Group("roads"),
            power_lines = Group("power_lines"),
            wells = Group("wells"),
            five_accesses = checklists.FiveAccesses,
            six_accesses = checklists.SixAccesses,
        };
    }

    /// <summary>The nearest completed (or, with completed false, planned / under construction) feature of a table.</summary>
    static Evidence? NearestOf(List<ServingFeature> serving, string entity, bool completed) =>
        serving.Where(s => s.Entity == entity && (s.Status == "completed") == completed)
            .OrderBy(s => s.DistanceM).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new Evidence(entity, s.Code, s.Status, s.DistanceM)).FirstOrDefault();

}
