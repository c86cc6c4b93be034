using RelocationPlanner.Api.Hosting;
using System.Globalization;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Api.Registry;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Programme;

/// <summary>
/// Figures units reported upward (CSV <c>unit_code,year,indicator,value,unit,source</c>), checked on
/// import by the data-quality rules (warnings with rule names per row; the figures are kept as
/// reported), and the reconciliation of a year's reports against the registry and the infrastructure.
/// </summary>
static class StatisticsApi
{
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder reads)
    {
        app.MapPost("/api/statistics/import", Import).WithName("ImportStatistics").WithTags("Programme").RequireEditorOf("reported_statistics")
            .ReadsCsv().Refuses(409, 422);
        reads.MapGet("/statistics", List).WithName("ListStatistics").Refuses(400);
        reads.MapGet("/reports/reconciliation", Reconciliation).WithName("ReconciliationReport").AnswersTable<ReconciliationReport>();
    }

    static async Task<Results<Ok<StatisticsImported>, ProblemHttpResult>> Import(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (RegistryApi.RefuseNonCsv(http) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        using var reader = RegistryApi.CsvBody(http);
        var outcome = await StatisticsStore.ImportAsync(conn, tx, reader, ct);
        if (outcome.ErrorCount > 0) return RegistryProblems.ImportRejected(outcome.Errors, outcome.ErrorCount);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new StatisticsImported(outcome.ImportId, outcome.Imported, outcome.Warnings.Count, outcome.Warnings));
    }

    static async Task<Results<Ok<FigureList>, ProblemHttpResult>> List(ReadDb read, string? unit, string? year, CancellationToken ct)
    {
        int? y = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v is < 1900 or > 2200)
                return Problem.Invalid("year", Rules.Year, "year is a year 1900-2200 (figures of periods are listed under their first year).");
            y = v;
        }
        return TypedResults.Ok(new FigureList(await StatisticsStore.ListAsync(read.Db, RegistryApi.Empty(unit), y, ct)));
    }

    /// <summary>?year= (required), ?level= (optional: every reporting unit), ?unit=, ?tolerance= (fraction, default 0.05), ?format=.</summary>
    static async Task<IResult> Reconciliation(ReadDb read, string? level, string? year, string? unit, string? tolerance, string? format, CancellationToken ct)
    {
        var e = new List<FieldError>();
        var lvl = RegistryApi.Empty(level);
        if (lvl is not null && !ComplianceStore.Levels.Contains(lvl)) e.Add(new("level", Rules.Enum, $"level is one of {string.Join(", ", ComplianceStore.Levels)} (or none: every unit that reported)."));
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2200)
            e.Add(new("year", Rules.Year, "year is required: a year 1900-2200."));
        var tol = ProgrammeReports.DefaultTolerance;
        if (!string.IsNullOrEmpty(tolerance) && (!decimal.TryParse(tolerance, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out tol) || tol > 1))
            e.Add(new("tolerance", Rules.Range, "tolerance is a fraction 0-1 of the reported figure (default 0.05)."));
        var fmt = TableDownload.Format(format, e);
        if (e.Count > 0) return Problem.Invalid(e);
        var report = new ReconciliationReport(lvl, y, tol, await ProgrammeReports.ReconciliationAsync(read.Db, lvl, y, RegistryApi.Empty(unit), tol, ct));
        return TableDownload.Answer(fmt, report.Table(), report);
    }
}

/// <summary>A stored import of reported figures, with what was kept but looks wrong (per row).</summary>
public sealed record StatisticsImported(long ImportId, long Imported, int WarningCount, IReadOnlyList<RowError> Warnings);

public sealed record FigureList(IReadOnlyList<StoredFigure> Figures);
