using System.Globalization;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Registry;
using RelocationPlanner.Api.Map;
using RelocationPlanner.Api.Replication;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Api.Registry;

/// <summary>
/// Settled rates (moved in vs deemed settled by key claim), their monthly series, and subsidies
/// (entitled, disbursed, outstanding; money as JSON numbers with exactly two decimals).
/// ?format=csv|xlsx downloads the same rows.
/// </summary>
static class ReportsApi
{
    public static void Map(RouteGroupBuilder reads)
    {
        reads.MapGet("/reports/settled-rates", SettledRates).WithName("SettledRatesReport").AnswersTable<SettledRatesReport>();
        reads.MapGet("/reports/settled-rates/series", Series).WithName("SettledRateSeries").AnswersTable<SettledSeriesReport>();
        reads.MapGet("/reports/subsidies", Subsidies).WithName("SubsidiesReport").AnswersTable<SubsidiesReport>();
        reads.MapGet("/reports/labels", () => TypedResults.Ok(new ReportLabels(
            TableLabels.Catalogue.ToDictionary(w => w.Key, w => new Text(w.Value.Zh, w.Value.En), StringComparer.Ordinal)))).WithName("ReportLabels");
    }

    /// <summary>
    /// The query values every as-of report takes: level (default county, one of <paramref name="levels"/>,
    /// default the registry's), as_of (default today) and format; errors name the parameter.
    /// </summary>
    internal static List<FieldError> Common(string? level, string? asOf, string? format, out string lvl, out DateOnly day, out string fmt,
        IReadOnlyList<string>? levels = null)
    {
        var e = new List<FieldError>();
        levels ??= RegistryReports.Levels;
        lvl = string.IsNullOrWhiteSpace(level) ? "county" : level.Trim();
        if (!levels.Contains(lvl)) e.Add(new("level", Rules.Enum, $"level is one of {string.Join(", ", levels)}."));
        day = DateOnly.FromDateTime(DateTime.Today);
        if (!string.IsNullOrWhiteSpace(asOf) && !TryDate(asOf, out day)) e.Add(new("as_of", Rules.Date, "as_of is a date yyyy-mm-dd (default today)."));
        fmt = TableDownload.Format(format, e);
        return e;
    }

    internal static bool TryDate(string s, out DateOnly d) => DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);

    static async Task<IResult> SettledRates(ReadDb read, string? level, string? as_of, string? unit, string? format, CancellationToken ct)
    {
        var e = Common(level, as_of, format, out var lvl, out var day, out var fmt);
        if (e.Count > 0) return Problem.Invalid(e);
        var report = new SettledRatesReport(lvl, day, await RegistryReports.SettledRatesAsync(read.Db, lvl, day, RegistryApi.Empty(unit), ct));
        return TableDownload.Answer(fmt, report.Table(), report);
    }

    static async Task<IResult> Series(ReadDb read, string? unit, string? from, string? to, string? format, CancellationToken ct)
    {
        var e = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(unit)) e.Add(new("unit", Rules.Required, "unit is an administrative unit code or a site code."));
        if (!TryDate(from ?? "", out var f)) e.Add(new("from", Rules.Date, "from is a date yyyy-mm-dd."));
        if (!TryDate(to ?? "", out var t)) e.Add(new("to", Rules.Date, "to is a date yyyy-mm-dd."));
        if (e.Count == 0 && RegistryReports.CheckSeriesRange(f, t) is { } range) e.Add(range);
        var fmt = TableDownload.Format(format, e);
        if (e.Count > 0) return Problem.Invalid(e);
        var report = new SettledSeriesReport(unit!.Trim(), f, t, await RegistryReports.SeriesAsync(read.Db, unit.Trim(), f, t, ct));
        return TableDownload.Answer(fmt, report.Table(), report);
    }

    static async Task<IResult> Subsidies(ReadDb read, string? level, string? as_of, string? unit, string? format, CancellationToken ct)
    {
        var e = Common(level, as_of, format, out var lvl, out var day, out var fmt);
        if (e.Count > 0) return Problem.Invalid(e);
        var report = new SubsidiesReport(lvl, day, await RegistryReports.SubsidiesAsync(read.Db, lvl, day, RegistryApi.Empty(unit), ct));
        return TableDownload.Answer(fmt, report.Table(), report);
    }
}

/// <summary>
/// The report words of the XLSX and PDF outputs (<see cref="TableLabels"/>), so the screens label a
/// report's columns with the same words as the file downloaded from them.
/// </summary>
public sealed record ReportLabels(IReadOnlyDictionary<string, Text> Columns);
