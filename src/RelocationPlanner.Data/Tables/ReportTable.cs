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

/// <summary>A column of a table: its header (the machine name clients read) and what it holds.</summary>
public sealed record TableColumn(string Header, CellKind Kind)
{
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
public sealed record ReportTable(string Name, IReadOnlyList<TableColumn> Columns, IReadOnlyList<object?[]> Rows, int KeyColumns = 2);
