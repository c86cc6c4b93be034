using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RelocationPlanner.Api.Infrastructure;

/// <summary>A table for download: column names and rows of text or numbers (numbers stay numbers in XLSX).</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Writes report tables as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read Chinese names) or XLSX.</summary>
public static class TableExport
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(ExportTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(Quote)).Append("\r\n");
        foreach (var row in table.Rows)
            sb.AppendJoin(',', row.Select(v => Quote(Text(v)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static byte[] Xlsx(ExportTable table)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(RowOf(table.Columns.Cast<object?>().ToArray()));
            foreach (var row in table.Rows) data.Append(RowOf(row));
            ws.Worksheet = new Worksheet(data);
            var sheets = wb.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = table.Name });
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    static Row RowOf(object?[] values)
    {
        var row = new Row();
        foreach (var v in values)
        {
            row.Append(v switch
            {
                double or long or int or decimal => new Cell
                {
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
                },
                // Inline strings need no shared-string table.
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(v))) },
            });
        }
        return row;
    }

    static string Text(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
