using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RelocationPlanner.Data.Tables;

/// <summary>
/// A report as a workbook an office can hand over: one sheet per report with its title, the unit,
/// the as-of date and the time it was made above the table, column labels from
/// <see cref="TableLabels"/> in the reader's language, yuan as #,##0.00, rates as percentages,
/// widths that fit, the header row frozen and a totals row computed from the rows. Values stay
/// numbers (full precision); text cells are inline strings, which a spreadsheet never evaluates.
/// </summary>
public static class XlsxWriter
{
    /// <summary>The rows above the table: title, unit, as-of, made, a blank line.</summary>
    public const int HeaderRow = 6;

    public const string MoneyFormat = "#,##0.00", RateFormat = "0.0%", KmFormat = "#,##0.0", CountFormat = "#,##0", PercentFormat = "0.0", NumberFormat = "#,##0.00";

    static readonly CellKind[] Kinds = Enum.GetValues<CellKind>();

    /// <summary>The number format of each kind of cell (null: General).</summary>
    static string? Format(CellKind k) => k switch
    {
        CellKind.Money => MoneyFormat,
        CellKind.Rate => RateFormat,
        CellKind.Km => KmFormat,
        CellKind.Count => CountFormat,
        CellKind.Percent or CellKind.Score => PercentFormat,
        CellKind.Number => NumberFormat,
        _ => null,
    };

    /// <summary>Writes the workbook; OpenXml needs a seekable stream.</summary>
    public static void Write(Stream output, IReadOnlyList<ReportTable> tables, string lang, DateTimeOffset made)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var book = doc.AddWorkbookPart();
        book.Workbook = new Workbook();
        var styles = book.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheets = book.Workbook.AppendChild(new Sheets());
        var names = new HashSet<string>();
        uint id = 1;
        foreach (var table in tables)
        {
            var part = book.AddNewPart<WorksheetPart>();
            part.Worksheet = Sheet(table, lang, made);
            sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = SheetName(table, lang, names) });
        }
        book.Workbook.Save();
    }

    /// <summary>The title of a table in the language, with its level: 搬迁安置入住率（旗县级）.</summary>
    public static string Title(ReportTable t, string lang)
    {
        var title = TableLabels.Word(t.Report ?? t.Name, lang);
        if (t.Level is null) return title;
        return lang == TableLabels.English ? $"{title} by {TableLabels.Word(t.Level, lang)}" : $"{title}（{TableLabels.Word(t.Level, lang)}）";
    }

    /// <summary>The lines under the title: unit, as-of, made (label, value).</summary>
    public static IReadOnlyList<(string Label, string Value)> Heading(ReportTable t, string lang, DateTimeOffset made) =>
    [
        (TableLabels.Word("unit", lang), t.Unit ?? TableLabels.Word("all_units", lang)),
        (TableLabels.Word("as_of", lang), t.AsOf ?? made.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        (TableLabels.Word("made", lang), made.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)),
    ];

    static string SheetName(ReportTable t, string lang, HashSet<string> taken)
    {
        var name = new string(TableLabels.Word(t.Report ?? t.Name, lang).Where(c => !"[]:*?/\\".Contains(c)).ToArray());
        if (name.Length > 28) name = name[..28];
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{name} {n}";
        return unique;
    }

    static Worksheet Sheet(ReportTable t, string lang, DateTimeOffset made)
    {
        var data = new SheetData();
        data.Append(Row(1, [new Cell { DataType = CellValues.InlineString, InlineString = Inline(Title(t, lang)), StyleIndex = 1 }]));
        uint r = 2;
        foreach (var (label, value) in Heading(t, lang, made))
            data.Append(Row(r++, [TextCell(label, 2), TextCell(value, 0)]));
        // Row 5 stays empty (absent): a gap between the heading and the table.
        var labels = t.Columns.Select(c => TableLabels.Column(c.Header, lang)).ToList();
        data.Append(Row(HeaderRow, [.. labels.Select(l => TextCell(l, 3))]));
        var n = (uint)HeaderRow + 1;
        foreach (var row in t.Rows) data.Append(Row(n++, [.. row.Select((v, i) => ValueCell(v, t.Columns[i].Kind, bold: false))]));
        if (t.HasTotals && t.Rows.Count > 0)
        {
            var totals = t.Totals();
            totals[0] ??= TableLabels.Word("total", lang);
            data.Append(Row(n, [.. totals.Select((v, i) => ValueCell(v, t.Columns[i].Kind, bold: true))]));
        }

        var widths = new Columns();
        for (var i = 0; i < t.Columns.Count; i++)
        {
            var longest = t.Rows.Select(row => Width(TableWriter.Text(row[i]))).Append(Width(labels[i])).Max();
            widths.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Clamp(longest + 2, 8, 40), CustomWidth = true });
        }
        var view = new SheetView { WorkbookViewId = 0 };
        view.Append(new Pane { VerticalSplit = HeaderRow, TopLeftCell = $"A{HeaderRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        return new Worksheet(new SheetViews(view), widths, data);
    }

    /// <summary>Characters a column needs: CJK characters are twice as wide as Latin ones.</summary>
    static double Width(string s) => s.Sum(c => c >= 0x2E80 ? 2.0 : 1.0);

    static Row Row(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        row.Append(cells);
        return row;
    }

    static InlineString Inline(string s) => new(new Text(s) { Space = SpaceProcessingModeValues.Preserve });

    static Cell TextCell(string s, uint style) => new() { DataType = CellValues.InlineString, InlineString = Inline(s), StyleIndex = style };

    static Cell ValueCell(object? v, CellKind kind, bool bold) => v switch
    {
        null => new Cell { StyleIndex = Style(CellKind.Text, bold) },
        int or long or decimal or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(TableWriter.Text(v)), StyleIndex = Style(kind, bold) },
        _ => TextCell(TableWriter.Text(v), Style(CellKind.Text, bold)),
    };

    /// <summary>Cell formats: 0 plain, 1 title, 2 heading label, 3 column header, then one per kind, then the same in bold (totals).</summary>
    static uint Style(CellKind kind, bool bold) => (uint)(4 + (bold ? Kinds.Length : 0) + Array.IndexOf(Kinds, kind));

    static Stylesheet Stylesheet()
    {
        var formats = Kinds.Select(Format).Where(f => f is not null).Distinct().ToList();
        uint FormatId(CellKind k) => Format(k) is { } f ? 164u + (uint)formats.IndexOf(f) : 0u;
        var numbering = new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = 164u + (uint)i, FormatCode = f }));
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }),
            new Font(new Bold(), new FontSize { Val = 11 }),
            new Font(new Bold(), new FontSize { Val = 14 }));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = PatternValues.Solid }));
        var borders = new Borders(
            new Border(),
            new Border(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
                new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder()));
        var cells = new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 2, ApplyFont = true },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center, Horizontal = HorizontalAlignmentValues.Center })
            { FontId = 1, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true });
        foreach (var bold in new[] { false, true })
            foreach (var k in Kinds)
                cells.Append(new CellFormat { NumberFormatId = FormatId(k), ApplyNumberFormat = FormatId(k) != 0, FontId = bold ? 1u : 0u, ApplyFont = bold, BorderId = 1, ApplyBorder = true });
        return new Stylesheet(numbering, fonts, fills, borders, new CellStyleFormats(new CellFormat()), cells);
    }
}
