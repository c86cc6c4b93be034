using Microsoft.AspNetCore.Mvc;
using Npgsql;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Infrastructure;
using RelocationPlanner.Data.Infrastructure;
using RelocationPlanner.Api.Replication;

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
        reports.MapGet("/", Report).WithName("InfrastructureReport").AnswersTable<InfrastructureReport>();
        reports.MapGet("/progress", Progress).WithName("InfrastructureProgress").Refuses(400);
        reports.MapGet("/monthly", Monthly).WithName("InfrastructureMonthly").AnswersTable<InfrastructureMonthlyReport>();
        reports.MapGet("/crosscheck", CrossCheck).WithName("InfrastructureCrossCheck").Refuses(400);
        app.MapGet("/api/sites/{id:long}/infrastructure", SiteInfrastructure).WithName("SiteInfrastructure").WithTags("Infrastructure").Refuses(400, 404);
        return app;
    }

    static async Task<IResult> Report([AsParameters] ReportQuery q, ReadDb read, CancellationToken ct)
    {
        var (filter, errors) = InfrastructureFilters.Report(q.Level, q.Status, q.Year, q.RoadClass, q.Surface, q.MinVoltageKv);
        var format = TableDownload.Format(q.Format, errors);
        if (filter is null || errors.Count > 0) return Problem.Invalid(errors);
        var report = await InfrastructureQueries.ReportAsync(read.Db, filter, ct);
        return TableDownload.Answer(format, report.Table(), report);
    }

    static async Task<Results<Ok<InfrastructureProgressReport>, ProblemHttpResult>> Progress(string? level, ReadDb read, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var lvl = InfrastructureFilters.Level(level, errors);
        if (lvl is null || errors.Count > 0) return Problem.Invalid(errors);
        return TypedResults.Ok(new InfrastructureProgressReport(lvl, await InfrastructureQueries.ProgressAsync(read.Db, lvl, ct)));
    }

    static async Task<IResult> Monthly([AsParameters] MonthlyQuery q, ReadDb read, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var level = InfrastructureFilters.Level(q.Level, errors);
        var months = InfrastructureFilters.Months(q.From, q.To, errors);
        var format = TableDownload.Format(q.Format, errors);
        var unit = string.IsNullOrEmpty(q.Unit) ? null : q.Unit;
        if (level is null || errors.Count > 0) return Problem.Invalid(errors);
        if (unit is not null && !await InfrastructureQueries.UnitExistsAsync(read.Db, unit, level, ct))
            return Problem.Invalid("unit", Rules.Unknown, $"There is no {level} with code {unit}.");

        var report = new InfrastructureMonthlyReport(level, unit, await InfrastructureQueries.MonthlyAsync(read.Db, level, unit, months, ct));
        return TableDownload.Answer(format, report.Table(), report);
    }

    static async Task<Results<Ok<CrossCheckReport>, ProblemHttpResult>> CrossCheck(string? level, string? unit, ReadDb read, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var lvl = InfrastructureFilters.Level(level, errors);
        unit = string.IsNullOrEmpty(unit) ? null : unit;
        if (lvl is null || errors.Count > 0) return Problem.Invalid(errors);
        if (unit is not null && !await InfrastructureQueries.UnitExistsAsync(read.Db, unit, lvl, ct))
            return Problem.Invalid("unit", Rules.Unknown, $"There is no {lvl} with code {unit}.");

        var check = await InfrastructureQueries.CrossCheckAsync(read.Db, lvl, unit, ct);
        var rows = check.Units.Select(u =>
        {
            var road = check.Get(u, "roads");
            var power = check.Get(u, "power_lines");
            return new CrossCheckRow(u, road.GeodesicM / 1000, road.ProjectedM / 1000, road.DifferencePct,
                power.GeodesicM / 1000, power.ProjectedM / 1000, power.DifferencePct, road.Zones.Union(power.Zones).Order().ToArray());
        }).ToList();
        return TypedResults.Ok(new CrossCheckReport(lvl,
            "road_km/power_line_km: ST_Length(geography) of the clipped parts (PostGIS); *_gk: planar length of each part in the CGCS2000 3-degree Gauss-Kruger zone of its centroid longitude (ProjNET).",
            rows));
    }

    static async Task<Results<Ok<SiteServing>, ProblemHttpResult>> SiteInfrastructure(long id, string? service_m, ReadDb read, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var serviceM = InfrastructureFilters.ServiceDistance(service_m, errors);
        if (errors.Count > 0) return Problem.Invalid(errors);
        return await SiteFiguresAsync(read.Db, id, serviceM, ct) is { } figures ? TypedResults.Ok(figures) : Problem.NotFound($"No site with id {id}.");
    }

    /// <summary>
    /// What serves one site (inside it or within <paramref name="serviceM"/> metres): roads, power lines
    /// and wells with their km and counts, and the access checklists; null when there is no such site.
    /// The site's project view (Programme/SiteProjectsApi) shows the same figures.
    /// </summary>
    internal static async Task<SiteServing?> SiteFiguresAsync(NpgsqlDataSource db, long id, double serviceM, CancellationToken ct)
    {
        if (await InfrastructureQueries.SiteAsync(db, id, ct) is not { } site) return null;

        var serving = await InfrastructureQueries.ServingAsync(db, id, serviceM, ct);
        ServingGroup Group(string entity)
        {
            var list = serving.Where(s => s.Entity == entity).ToList();
            var completed = list.Where(s => s.Status == "completed").ToList();
            return new ServingGroup(list.Count, completed.Count, list.Sum(s => s.LengthM) / 1000, completed.Sum(s => s.LengthM) / 1000,
                [.. list.Select(s => new ServingItem(s.Code, s.Name, s.Status, s.LengthM / 1000, s.DistanceM, s.Inside))]);
        }

        Dictionary<ServiceKind, Evidence?> Nearest(bool completed) => new()
        {
            [ServiceKind.Road] = NearestOf(serving, "roads", completed),
            [ServiceKind.Power] = NearestOf(serving, "power_lines", completed),
            [ServiceKind.Water] = NearestOf(serving, "wells", completed),
        };
        var checklists = AccessChecklist.Build(Nearest(true), Nearest(false), serviceM);
        return new SiteServing(new ServedSite(id, site.Code, site.Name), serviceM, Group("roads"), Group("power_lines"), Group("wells"),
            checklists.FiveAccesses, checklists.SixAccesses);
    }

    /// <summary>The nearest completed (or, with completed false, planned / under construction) feature of a table.</summary>
    static Evidence? NearestOf(List<ServingFeature> serving, string entity, bool completed) =>
        serving.Where(s => s.Entity == entity && (s.Status == "completed") == completed)
            .OrderBy(s => s.DistanceM).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new Evidence(entity, s.Code, s.Status, s.DistanceM)).FirstOrDefault();

}

/// <summary>The filters of the infrastructure report (each checked by <see cref="InfrastructureFilters"/>, errors naming the parameter).</summary>
public sealed record ReportQuery(string? Level, string? Status, string? Year,
    [property: FromQuery(Name = "road_class")] string? RoadClass, string? Surface,
    [property: FromQuery(Name = "min_voltage_kv")] string? MinVoltageKv, string? Format);

/// <summary>Completions per month: level, an optional unit, the months from..to (yyyy-mm) and the format.</summary>
public sealed record MonthlyQuery(string? Level, string? Unit, string? From, string? To, string? Format);

public sealed record CrossCheckRow(string UnitCode, double RoadKm, double RoadKmGk, double RoadDiffPct,
    double PowerLineKm, double PowerLineKmGk, double PowerLineDiffPct, int[] GkZones);

/// <summary>Geodesic km beside Gauss-Kruger planar km per unit; <c>method</c> says how each was measured.</summary>
public sealed record CrossCheckReport(string Level, string Method, IReadOnlyList<CrossCheckRow> Rows);

public sealed record ServedSite(long Id, string Code, string? Name);

public sealed record ServingItem(string Code, string? Name, string Status, double LengthKm, double DistanceM, bool Inside);

public sealed record ServingGroup(int Count, int CompletedCount, double Km, double CompletedKm, IReadOnlyList<ServingItem> Features);

/// <summary>What serves one site within <c>service_m</c> metres, and the five/six accesses checklists built from it.</summary>
public sealed record SiteServing(ServedSite Site, double ServiceM, ServingGroup Roads, ServingGroup PowerLines, ServingGroup Wells,
    IReadOnlyList<AccessItem> FiveAccesses, IReadOnlyList<AccessItem> SixAccesses);
