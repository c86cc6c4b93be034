using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Export;

/// <summary>A column of a downloadable table: its header and how to read a row's value.</summary>
public sealed record TableColumn<T>(string Header, Func<T, object?> Value);

/// <summary>
/// Reusable CSV/XLSX download of any tabular result (reports, lists). Values keep their type in
/// XLSX: numbers (int, long, decimal, double) as numbers, dates as ISO text, everything else as
/// text. CSV is RFC 4180 (UTF-8 with BOM so Excel shows Chinese names; invariant numbers).
/// Usage in an endpoint:
/// <code>return TableDownload.Result(format, "settled-rates", rows,
///     new("unit_code", r => r.UnitCode), new("moved_in_rate", r => r.MovedInRate));</code>
/// </summary>
public static class TableDownload
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// A report's <c>format</c> query value: json (the default, also when empty), csv or xlsx.
    /// Anything else adds an error naming <c>format</c> and answers json.
    /// </summary>
    public static string Format(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return "json";
        if (value is "json" or "csv" or "xlsx") return value;
        errors.Add(new("format", Rules.Enum, "format is json (default), csv or xlsx."));
        return "json";
    }

    /// <summary>True when <paramref name="format"/> is csv or xlsx (case-insensitive).</summary>
    public static bool IsTableFormat(string? format) => format?.ToLowerInvariant() is "csv" or "xlsx";

    /// <summary>An IResult that downloads the rows as <c>{name}.csv</c> or <c>{name}.xlsx</c>.</summary>
    public static IResult Result<T>(string format, string name, IEnumerable<T> rows, params TableColumn<T>[] columns)
    {
        var xlsx = format.Equals("xlsx", StringComparison.OrdinalIgnoreCase);
        return Results.Stream(async stream =>
        {
            if (xlsx)
            {
                // OpenXml needs a seekable stream; the sheet is built in memory (reports are small).
                using var ms = new MemoryStream();
                WriteXlsx(ms, name, rows, columns);
                ms.Position = 0;
                await ms.CopyToAsync(stream);
            }
            else await WriteCsvAsync(stream, rows, columns, CancellationToken.None);
        }, xlsx ? XlsxType : CsvType, name + (xlsx ? ".xlsx" : ".csv"));
    }

    /// <summary>The same for a table whose columns are known only at run time (rows as value arrays in column order).</summary>
    public static IResult Result(string format, string name, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        Result(format, name, rows, columns.Select((c, i) => new TableColumn<object?[]>(c, r => r[i])).ToArray());

    public static async Task WriteCsvAsync<T>(Stream output, IEnumerable<T> rows, IReadOnlyList<TableColumn<T>> columns, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await w.WriteLineAsync(string.Join(',', columns.Select(c => Quote(c.Header))));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            await w.WriteLineAsync(string.Join(',', columns.Select(c => Quote(Text(c.Value(row))))));
        }
        await w.FlushAsync(ct);
    }

    public static void WriteXlsx<T>(Stream output, string sheetName, IEnumerable<T> rows, IReadOnlyList<TableColumn<T>> columns)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var book = doc.AddWorkbookPart();
        book.Workbook = new Workbook();
        var sheetPart = book.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(columns.Select(c => (object?)c.Header)));
        foreach (var r in rows) data.Append(Row(columns.Select(c => c.Value(r))));
        sheetPart.Worksheet = new Worksheet(data);
        var sheets = book.Workbook.AppendChild(new Sheets());
        sheets.Append(new Sheet { Id = book.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName.Length > 31 ? sheetName[..31] : sheetName });
        book.Workbook.Save();
    }

    static Row Row(IEnumerable<object?> values)
    {
        var row = new Row();
        foreach (var v in values)
        {
            row.Append(v switch
            {
                int or long or decimal or double or float => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Text(v)) },
                null => new Cell(),
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(v)) { Space = SpaceProcessingModeValues.Preserve }) },
            });
        }
        return row;
    }

    static string Text(object? v) => v switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
