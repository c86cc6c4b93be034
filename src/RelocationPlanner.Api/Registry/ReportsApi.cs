using System.Globalization;
using Npgsql;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Registry;

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
        reads.MapGet("/reports/settled-rates", SettledRates).WithName("SettledRatesReport");
        reads.MapGet("/reports/settled-rates/series", Series).WithName("SettledRateSeries");
        reads.MapGet("/reports/subsidies", Subsidies).WithName("SubsidiesReport");
    }

    static List<FieldError> Common(string? level, string? asOf, string? format, out string lvl, out DateOnly day, out string fmt)
    {
        var e = new List<FieldError>();
        lvl = string.IsNullOrWhiteSpace(level) ? "county" : level.Trim();
        if (!RegistryReports.Levels.Contains(lvl)) e.Add(new("level", Rules.Enum, $"level is one of {string.Join(", ", RegistryReports.Levels)}."));
        day = DateOnly.FromDateTime(DateTime.Today);
        if (!string.IsNullOrWhiteSpace(asOf) && !TryDate(asOf, out day)) e.Add(new("as_of", Rules.Date, "as_of is a date yyyy-mm-dd (default today)."));
        fmt = TableDownload.Format(format, e);
        return e;
    }

    static bool TryDate(string s, out DateOnly d) => DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);

    static async Task<IResult> SettledRates(NpgsqlDataSource db, string? level, string? as_of, string? unit, string? format, CancellationToken ct)
    {
        var e = Common(level, as_of, format, out var lvl, out var day, out var fmt);
        if (e.Count > 0) return Problem.Invalid(e);
        var rows = await RegistryReports.SettledRatesAsync(db, lvl, day, RegistryApi.Empty(unit), ct);
        var table = new ReportTable($"settled-rates-{lvl}-{day:yyyy-MM-dd}",
            ["unit_code", "unit_name", "households", "people", "keys_claimed", "moved_in", "deemed_settled", "moved_in_rate", "deemed_settled_rate"],
            rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Households, r.People, r.KeysClaimed, r.MovedIn, r.DeemedSettled, r.MovedInRate, r.DeemedSettledRate }).ToList());
        return Answer(fmt, table, () => new { level = lvl, as_of = day, rows, warnings = RegistryApi.Warnings(RegistryReports.Check(rows)) });
    }

    static async Task<IResult> Series(NpgsqlDataSource db, string? unit, string? from, string? to, string? format, CancellationToken ct)
    {
        var e = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(unit)) e.Add(new("unit", Rules.Required, "unit is an administrative unit code or a site code."));
        if (!TryDate(from ?? "", out var f)) e.Add(new("from", Rules.Date, "from is a date yyyy-mm-dd."));
        if (!TryDate(to ?? "", out var t)) e.Add(new("to", Rules.Date, "to is a date yyyy-mm-dd."));
        if (e.Count == 0 && t < f) e.Add(new("to", Rules.DatesInOrder, "to cannot precede from."));
        if (e.Count == 0 && (t.Year - f.Year) * 12 + t.Month - f.Month > 600) e.Add(new("to", Rules.Range, "At most 600 months per series."));
        var fmt = TableDownload.Format(format, e);
        if (e.Count > 0) return Problem.Invalid(e);
        var points = await RegistryReports.SeriesAsync(db, unit!.Trim(), f, t, ct);
        var table = new ReportTable($"settled-rate-series-{unit.Trim()}",
            ["month", "as_of", "households", "people", "keys_claimed", "moved_in", "deemed_settled", "moved_in_rate", "deemed_settled_rate"],
            points.Select(p => new object?[] { p.Month, p.AsOf, p.Households, p.People, p.KeysClaimed, p.MovedIn, p.DeemedSettled, p.MovedInRate, p.DeemedSettledRate }).ToList());
        return Answer(fmt, table, () => new { unit = unit.Trim(), from = f, to = t, series = points });
    }

    static async Task<IResult> Subsidies(NpgsqlDataSource db, string? level, string? as_of, string? unit, string? format, CancellationToken ct)
    {
        var e = Common(level, as_of, format, out var lvl, out var day, out var fmt);
        if (e.Count > 0) return Problem.Invalid(e);
        var rows = await RegistryReports.SubsidiesAsync(db, lvl, day, RegistryApi.Empty(unit), ct);
        var components = rows.SelectMany(r => r.ByComponent.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var sources = rows.SelectMany(r => r.BySource.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        string[] parts = ["entitled", "disbursed", "outstanding"];
        var columns = new List<string> { "unit_code", "unit_name", "households", "people", "entitled_total", "disbursed_total", "outstanding_total" };
        columns.AddRange(components.SelectMany(c => parts.Select(p => $"component.{c}.{p}")));
        columns.AddRange(sources.SelectMany(s => parts.Select(p => $"source.{s}.{p}")));
        var table = new ReportTable($"subsidies-{lvl}-{day:yyyy-MM-dd}", columns, rows.Select(r =>
        {
            var cells = new List<object?> { r.UnitCode, r.UnitName, r.Households, r.People, r.EntitledTotal, r.DisbursedTotal, r.OutstandingTotal };
            cells.AddRange(components.SelectMany(c => Triple(r.ByComponent.GetValueOrDefault(c))));
            cells.AddRange(sources.SelectMany(s => Triple(r.BySource.GetValueOrDefault(s))));
            return cells.ToArray();
        }).ToList());
        return Answer(fmt, table, () => new { level = lvl, as_of = day, money = "yuan, JSON numbers with exactly two decimals", rows, warnings = RegistryApi.Warnings(RegistryReports.Check(rows)) });
    }

    static object?[] Triple(MoneyLine? m) => m is null ? [0.00m, 0.00m, 0.00m] : [m.Entitled, m.Disbursed, m.Outstanding];

    static IResult Answer(string format, ReportTable table, Func<object> json) =>
        TableDownload.IsTableFormat(format) ? TableDownload.Result(format, table.Name, table.Columns, table.Rows) : Results.Ok(json());

    /// <summary>A report flattened to a table for CSV/XLSX download (numbers stay numbers).</summary>
    sealed record ReportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);
}
