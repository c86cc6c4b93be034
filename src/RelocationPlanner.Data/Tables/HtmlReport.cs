using System.Globalization;
using System.Net;
using System.Text;

namespace RelocationPlanner.Data.Tables;

/// <summary>
/// A report as a printable page (printed to PDF by <see cref="PdfPrinter"/>): A4 (landscape when
/// the table is wide), the same title, unit, as-of and made lines and column labels as the XLSX
/// (<see cref="XlsxWriter"/>, <see cref="TableLabels"/>), the table with its totals row, header
/// rows repeated on every page, a line chart when the report is a monthly series, and
/// "page n of m" at the foot of each page. Every text is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <summary>The CJK font the pages ask for (fonts-noto-cjk); the PDF embeds its glyphs.</summary>
    public const string Font = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif";

    public static string Render(ReportTable t, string lang, DateTimeOffset made)
    {
        var wide = t.Columns.Count > 8;
        var labels = t.Columns.Select(c => TableLabels.Column(c.Header, lang)).ToList();
        var page = lang == TableLabels.English ? "\"Page \" counter(page) \" of \" counter(pages)" : "\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\"";
        var h = new StringBuilder();
        h.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html><html lang="{{(lang == TableLabels.English ? "en" : "zh-CN")}}"><head><meta charset="utf-8"><title>{{E(XlsxWriter.Title(t, lang))}}</title>
            <style>
            @page { size: A4 {{(wide ? "landscape" : "portrait")}}; margin: 14mm 10mm 16mm; @bottom-center { content: {{page}}; font: 8pt {{Font}}; color: #444; } }
            body { font-family: {{Font}}; font-size: {{(wide ? "7.5pt" : "9pt")}}; color: #111; margin: 0; }
            h1 { font-size: 15pt; margin: 0 0 4pt; } .meta { color: #333; margin: 0 0 8pt; } .meta span { margin-right: 16pt; }
            table { border-collapse: collapse; width: 100%; } thead { display: table-header-group; }
            th { background: #d9e1f2; font-weight: bold; } th, td { border: 0.5pt solid #777; padding: 2pt 3pt; }
            td { white-space: nowrap; } td.n { text-align: right; } tr.total td { font-weight: bold; background: #f2f2f2; } tr { page-break-inside: avoid; }
            svg { display: block; margin: 10pt 0; } svg text { font-family: {{Font}}; font-size: 8pt; }
            </style></head><body>
            <h1>{{E(XlsxWriter.Title(t, lang))}}</h1>
            <p class="meta">
            """);
        foreach (var (label, value) in XlsxWriter.Heading(t, lang, made)) h.Append(CultureInfo.InvariantCulture, $"<span>{E(label)}：{E(value)}</span>");
        h.Append("</p>");
        h.Append(Chart(t, labels));
        h.Append("<table><thead><tr>");
        foreach (var l in labels) h.Append("<th>").Append(E(l)).Append("</th>");
        h.Append("</tr></thead><tbody>");
        foreach (var row in t.Rows) Row(h, t, row, "");
        if (t.HasTotals && t.Rows.Count > 0)
        {
            var totals = t.Totals();
            totals[0] ??= TableLabels.Word("total", lang);
            Row(h, t, totals, " class=\"total\"");
        }
        h.Append("</tbody></table></body></html>");
        return h.ToString();
    }

    static void Row(StringBuilder h, ReportTable t, object?[] row, string attributes)
    {
        h.Append("<tr").Append(attributes).Append('>');
        for (var i = 0; i < row.Length; i++)
        {
            var numeric = row[i] is int or long or decimal or double;
            h.Append(numeric ? "<td class=\"n\">" : "<td>").Append(E(TableWriter.Display(row[i], t.Columns[i].Kind))).Append("</td>");
        }
        h.Append("</tr>");
    }

    /// <summary>
    /// A line chart of a monthly series (a date column and its rates, or else its running totals)
    /// of one unit; nothing for other reports.
    /// </summary>
    static string Chart(ReportTable t, IReadOnlyList<string> labels)
    {
        var x = IndexOf(t, c => c.Kind == CellKind.Date);
        var unit = IndexOf(t, c => c.Header == "unit_code");
        if (x < 0 || t.Rows.Count < 2 || (unit >= 0 && t.Rows.Select(r => r[unit]).Distinct().Count() > 1)) return "";
        var ys = Enumerable.Range(0, t.Columns.Count).Where(i => t.Columns[i].Kind == CellKind.Rate).ToList();
        if (ys.Count == 0) ys = [.. Enumerable.Range(0, t.Columns.Count).Where(i => !t.Columns[i].Summed && t.Columns[i].Kind is CellKind.Km or CellKind.Count)];
        if (ys.Count == 0) return "";
        var rate = t.Columns[ys[0]].Kind == CellKind.Rate;
        var max = rate ? 1.0 : Math.Max(1e-9, ys.SelectMany(i => t.Rows.Select(r => Value(r[i]))).Max());
        const double W = 640, H = 180, L = 44, B = 22, T = 8;
        string[] colours = ["#1f5fa8", "#d9822b", "#2e8b57", "#a83232"];
        var inv = CultureInfo.InvariantCulture;
        double Px(int k) => L + ((W - L - 28) * k / (t.Rows.Count - 1));
        double Py(double v) => T + ((H - T - B) * (1 - (v / max)));
        var s = new StringBuilder();
        s.Append(inv, $"<svg width=\"{W}\" height=\"{H + (16 * ys.Count)}\" viewBox=\"0 0 {W} {H + (16 * ys.Count)}\">");
        for (var g = 0; g <= 4; g++)
        {
            var v = max * g / 4;
            s.Append(inv, $"<line x1=\"{L}\" x2=\"{W - 8}\" y1=\"{Py(v):0.#}\" y2=\"{Py(v):0.#}\" stroke=\"#ddd\"/>");
            s.Append(inv, $"<text x=\"{L - 4}\" y=\"{Py(v) + 3:0.#}\" text-anchor=\"end\">{E(rate ? (v * 100).ToString("0", inv) + "%" : v.ToString("#,0.#", inv))}</text>");
        }
        var step = Math.Max(1, t.Rows.Count / 8);
        for (var k = 0; k < t.Rows.Count; k += step)
            s.Append(inv, $"<text x=\"{Px(k):0.#}\" y=\"{H - 6}\" text-anchor=\"middle\">{E(TableWriter.Text(t.Rows[k][x]))}</text>");
        for (var n = 0; n < ys.Count; n++)
        {
            var i = ys[n];
            var points = string.Join(' ', t.Rows.Select((r, k) => $"{Px(k).ToString("0.#", inv)},{Py(Value(r[i])).ToString("0.#", inv)}"));
            var colour = colours[n % colours.Length];
            s.Append(inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            s.Append(inv, $"<rect x=\"{L}\" y=\"{H + (16 * n) + 2}\" width=\"14\" height=\"4\" fill=\"{colour}\"/><text x=\"{L + 20}\" y=\"{H + (16 * n) + 8}\">{E(labels[i])}</text>");
        }
        return s.Append("</svg>").ToString();
    }

    static int IndexOf(ReportTable t, Func<TableColumn, bool> p)
    {
        for (var i = 0; i < t.Columns.Count; i++) if (p(t.Columns[i])) return i;
        return -1;
    }

    static double Value(object? v) => v is null or string ? 0 : Convert.ToDouble(v, CultureInfo.InvariantCulture);

    static string E(string s) => WebUtility.HtmlEncode(s);
}
