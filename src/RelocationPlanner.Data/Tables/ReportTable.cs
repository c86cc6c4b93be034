namespace RelocationPlanner.Data.Tables;

/// <summary>
/// What a column holds, so each output can show it right: CSV, XLSX and JSON keep full precision;
/// the command line's tables round km to 0.1, money to the fen and show rates as percentages.
/// </summary>
public enum CellKind
{
    /// <summary>Free text (codes, names): neutralised in CSV when it could start a formula.</summary>
    Text,
    /// <summary>A count (households, wells).</summary>
    Count,
    /// <summary>Kilometres (double).</summary>
    Km,
    /// <summary>Yuan (decimal, two places).</summary>
    Money,
    /// <summary>A fraction 0..1 (decimal).</summary>
    Rate,
    /// <summary>Already a percentage 0..100 (one decimal).</summary>
    Percent,
    /// <summary>A date or a month, written ISO.</summary>
    Date,
    /// <summary>A score on 0..100 (one decimal, no unit).</summary>
    Score,
    /// <summary>A figure whose unit the row names (reported households, people, km...): up to two decimals on screen.</summary>
    Number,
}

/// <summary>
/// A column of a table: its header (the machine name clients read) and what it holds. Counts,
/// money, km and figures total by sum; a rate totals as <see cref="Of"/> over <see cref="Per"/>
/// (both column headers) when it names them, else it has no total; <see cref="Summed"/> false for
/// running totals and averages.
/// </summary>
public sealed record TableColumn(string Header, CellKind Kind, string? Of = null, string? Per = null, bool Summed = true)
{
    /// <summary>A rate whose total is the totals of two other columns divided.</summary>
    public static TableColumn Ratio(string header, string of, string per) => new(header, CellKind.Rate, of, per);

    /// <summary>This column without a total (running totals, averages).</summary>
    public TableColumn NoTotal() => this with { Summed = false };

    public static TableColumn Text(string header) => new(header, CellKind.Text);
    public static TableColumn Count(string header) => new(header, CellKind.Count);
    public static TableColumn Km(string header) => new(header, CellKind.Km);
    public static TableColumn Money(string header) => new(header, CellKind.Money);
    public static TableColumn Rate(string header) => new(header, CellKind.Rate);
    public static TableColumn Percent(string header) => new(header, CellKind.Percent);
    public static TableColumn Date(string header) => new(header, CellKind.Date);
    public static TableColumn Score(string header) => new(header, CellKind.Score);
    public static TableColumn Number(string header) => new(header, CellKind.Number);
}

/// <summary>
/// A report flattened to rows of cells in column order, the one shape that the CSV and XLSX
/// downloads of the service and the tables of <c>rp report</c> are written from. Values keep their
/// .NET type (long, decimal, double, DateOnly, string); <paramref name="KeyColumns"/> leading
/// columns name the row (repeated when a wide table is split to fit a terminal).
/// </summary>
public sealed record ReportTable(string Name, IReadOnlyList<TableColumn> Columns, IReadOnlyList<object?[]> Rows, int KeyColumns = 2)
{
    /// <summary>The report's key in <see cref="TableLabels"/> (its title), e.g. settled-rates.</summary>
    public string? Report { get; init; }

    /// <summary>The level of the rows (county, township...), when the report has one.</summary>
    public string? Level { get; init; }

    /// <summary>The day (or period) the figures stand at, as the heading shows it.</summary>
    public string? AsOf { get; init; }

    /// <summary>The unit asked for (its code), or null for every unit.</summary>
    public string? Unit { get; init; }

    /// <summary>Whether a totals row makes sense (not for a monthly series or mixed indicators).</summary>
    public bool HasTotals { get; init; } = true;

    /// <summary>
    /// The totals row computed from the rows: sums of counts, money, km and figures (decimal
    /// arithmetic for money, so it adds up to the fen), rates as the ratio of their columns' totals.
    /// Null cells where a total means nothing.
    /// </summary>
    public object?[] Totals()
    {
        var totals = new object?[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            if (!c.Summed || c.Kind is CellKind.Text or CellKind.Date or CellKind.Score or CellKind.Rate or CellKind.Percent) continue;
            var values = Rows.Select(r => r[i]).Where(v => v is not null).ToList();
            totals[i] = c.Kind switch
            {
                CellKind.Count => values.Sum(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)),
                CellKind.Km => values.Sum(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)),
                _ => values.Sum(v => Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture)),
            };
        }
        for (var i = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            if (c.Kind != CellKind.Rate || c.Of is null || c.Per is null) continue;
            var of = totals[Index(c.Of)];
            var per = totals[Index(c.Per)];
            if (of is null || per is null) continue;
            var d = Convert.ToDecimal(per, System.Globalization.CultureInfo.InvariantCulture);
            totals[i] = d == 0 ? null : Math.Round(Convert.ToDecimal(of, System.Globalization.CultureInfo.InvariantCulture) / d, 6);
        }
        return totals;
    }

    int Index(string header)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i].Header == header) return i;
        throw new ArgumentException($"No column {header}.", nameof(header));
    }
}
