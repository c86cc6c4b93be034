using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RelocationPlanner.Api.Registry;

/// <summary>A report flattened to a table, downloadable as CSV or XLSX (numbers stay numbers).</summary>
sealed record ReportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public IResult ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', Columns.Select(Quote)));
        foreach (var row in Rows) sb.AppendLine(string.Join(',', row.Select(v => Quote(Text(v)))));
        return Results.File(Encoding.UTF8.GetBytes(sb.ToString()), "text/csv; charset=utf-8", Name + ".csv");
    }

    public IResult ToXlsx()
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            ws.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = Name.Length > 31 ? Name[..31] : Name }));
            data.AppendChild(new Row(Columns.Select(c => (OpenXmlElement)Cell(c))));
            foreach (var row in Rows) data.AppendChild(new Row(row.Select(v => (OpenXmlElement)Cell(v))));
            wb.Workbook.Save();
        }
        return Results.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Name + ".xlsx");
    }

    static Cell Cell(object? v) => v switch
    {
        null => new Cell(),
        decimal or long or int => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Text(v)) },
        _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(v))) },
    };

    static string Text(object? v) => v switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
