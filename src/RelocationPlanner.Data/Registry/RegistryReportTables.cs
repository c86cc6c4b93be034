using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Tables;
using static RelocationPlanner.Data.Tables.TableColumn;

namespace RelocationPlanner.Data.Registry;

// The registry's reports as documents (the service's JSON, `rp report --format json`) and as
// tables (CSV, XLSX, the terminal): one definition of each, used by both hosts.

/// <summary>Settled rates per unit on a day: the JSON document and its table.</summary>
public sealed record SettledRatesReport(string Level, DateOnly AsOf, IReadOnlyList<SettledRateRow> Rows)
{
    public IReadOnlyList<FieldError> Warnings => RegistryReports.Check(Rows);

    public ReportTable Table() => new($"settled-rates-{Level}-{AsOf:yyyy-MM-dd}",
        [Text("unit_code"), Text("unit_name"), Count("households"), Count("people"), Count("keys_claimed"), Count("moved_in"),
            Count("deemed_settled"), Ratio("moved_in_rate", "moved_in", "households"), Ratio("deemed_settled_rate", "deemed_settled", "households")],
        [.. Rows.Select(r => new object?[] { r.UnitCode, r.UnitName, r.Households, r.People, r.KeysClaimed, r.MovedIn, r.DeemedSettled, r.MovedInRate, r.DeemedSettledRate })])
    { Report = "settled-rates", Level = Level, AsOf = $"{AsOf:yyyy-MM-dd}" };
}

/// <summary>The month-end settled rates of one unit or site.</summary>
public sealed record SettledSeriesReport(string Unit, DateOnly From, DateOnly To, IReadOnlyList<SeriesPoint> Series)
{
    public ReportTable Table() => new($"settled-rate-series-{Unit}",
        [Date("month"), Date("as_of"), Count("households"), Count("people"), Count("keys_claimed"), Count("moved_in"),
            Count("deemed_settled"), Rate("moved_in_rate"), Rate("deemed_settled_rate")],
        [.. Series.Select(p => new object?[] { p.Month, p.AsOf, p.Households, p.People, p.KeysClaimed, p.MovedIn, p.DeemedSettled, p.MovedInRate, p.DeemedSettledRate })],
        KeyColumns: 1)
    { Report = "settled-rate-series", Unit = Unit, AsOf = $"{From:yyyy-MM-dd} – {To:yyyy-MM-dd}", HasTotals = false };
}

/// <summary>Subsidies entitled, disbursed and outstanding per unit, by component and by funding source.</summary>
public sealed record SubsidiesReport(string Level, DateOnly AsOf, IReadOnlyList<SubsidyRow> Rows)
{
    public string Money => "yuan, JSON numbers with exactly two decimals";

    public IReadOnlyList<FieldError> Warnings => RegistryReports.Check(Rows);

    static readonly string[] Parts = ["entitled", "disbursed", "outstanding"];

    /// <summary>One row per unit: totals, then entitled/disbursed/outstanding per component and per source.</summary>
    public ReportTable Table()
    {
        var components = Rows.SelectMany(r => r.ByComponent.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var sources = Rows.SelectMany(r => r.BySource.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        List<TableColumn> columns = [.. Totals];
        columns.AddRange(components.SelectMany(c => Parts.Select(p => TableColumn.Money($"component.{c}.{p}"))));
        columns.AddRange(sources.SelectMany(s => Parts.Select(p => TableColumn.Money($"source.{s}.{p}"))));
        return new($"subsidies-{Level}-{AsOf:yyyy-MM-dd}", columns, [.. Rows.Select(r =>
        {
            List<object?> cells = [.. TotalCells(r)];
            cells.AddRange(components.SelectMany(c => Triple(r.ByComponent.GetValueOrDefault(c))));
            cells.AddRange(sources.SelectMany(s => Triple(r.BySource.GetValueOrDefault(s))));
            return cells.ToArray();
        })])
        { Report = "subsidies", Level = Level, AsOf = $"{AsOf:yyyy-MM-dd}" };
    }

    /// <summary>
    /// The same figures for reading on a screen: the totals, then one row per unit and component
    /// and one per unit and funding source (narrow tables instead of one very wide one).
    /// </summary>
    public IReadOnlyList<ReportTable> Tables() =>
    [
        new($"subsidies-{Level}-{AsOf:yyyy-MM-dd}", Totals, [.. Rows.Select(r => TotalCells(r))]),
        Breakdown("component", r => r.ByComponent),
        Breakdown("source", r => r.BySource),
    ];

    static readonly TableColumn[] Totals =
        [Text("unit_code"), Text("unit_name"), Count("households"), Count("people"), TableColumn.Money("entitled_total"),
            TableColumn.Money("disbursed_total"), TableColumn.Money("outstanding_total")];

    static object?[] TotalCells(SubsidyRow r) => [r.UnitCode, r.UnitName, r.Households, r.People, r.EntitledTotal, r.DisbursedTotal, r.OutstandingTotal];

    ReportTable Breakdown(string by, Func<SubsidyRow, SortedDictionary<string, MoneyLine>> lines) => new(
        $"subsidies-by-{by}-{Level}-{AsOf:yyyy-MM-dd}",
        [Text("unit_code"), Text("unit_name"), Text(by), TableColumn.Money("entitled"), TableColumn.Money("disbursed"), TableColumn.Money("outstanding")],
        [.. Rows.SelectMany(r => lines(r).Select(kv => new object?[] { r.UnitCode, r.UnitName, kv.Key, kv.Value.Entitled, kv.Value.Disbursed, kv.Value.Outstanding }))],
        KeyColumns: 3);

    static object?[] Triple(MoneyLine? m) => m is null ? [0.00m, 0.00m, 0.00m] : [m.Entitled, m.Disbursed, m.Outstanding];
}
