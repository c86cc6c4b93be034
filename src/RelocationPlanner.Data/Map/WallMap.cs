using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using Npgsql;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Data.Map;

/// <summary>One thing a wall map draws (<c>wall_map.sql</c> says what each column holds per layer).</summary>
public sealed class WallMapItem
{
    public required string Layer { get; init; }
    public string? Kind { get; init; }
    public string? Label { get; init; }
    public string? Svg { get; init; }
    public double? X { get; init; }
    public double? Y { get; init; }
    public double? X2 { get; init; }
    public double? Y2 { get; init; }
    public long Moved { get; init; }
    public long Keys { get; init; }
    public long Registered { get; init; }
}

/// <summary>
/// The printable wall map of a unit, like the relocation "battle maps" county and township offices
/// pin up: a landscape A3 or A1 page with the title, the unit and its child units, roads and power
/// lines by status, wells, the sites with their households by status, a legend, a scale bar, a north
/// arrow and the date, in Chinese (or English). PostGIS writes the shapes as SVG paths; the page is
/// printed to PDF by <see cref="PdfPrinter"/> like the reports.
/// </summary>
public static class WallMap
{
    /// <summary>Paper sizes, landscape, in mm.</summary>
    public static readonly IReadOnlyDictionary<string, (double W, double H)> Sizes = new Dictionary<string, (double, double)>
    {
        ["A3"] = (420, 297),
        ["A1"] = (841, 594),
    };

    /// <summary>The unit's items; empty when there is no such unit.</summary>
    public static async Task<List<WallMapItem>> ReadAsync(NpgsqlDataSource db, string unit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<WallMapItem>(new CommandDefinition(SqlResources.Get("wall_map.sql"), new { unit }, commandTimeout: 120, cancellationToken: ct))];
    }

    /// <summary>The page; <paramref name="items"/> must hold the unit.</summary>
    public static string Render(IReadOnlyList<WallMapItem> items, string size, string lang, DateOnly day)
    {
        var inv = CultureInfo.InvariantCulture;
        string W(string key) => TableLabels.Word(key, lang);
        var (pw, ph) = Sizes[size];
        var f = pw / 420; // text and symbols grow with the paper
        var unit = items.Single(i => i.Layer == "unit");
        // The map frame (mm) and the unit's box in map units, padded 3 %.
        double mx = 12 * f, my = 30 * f, mw = pw - (24 * f) - (95 * f), mh = ph - my - (12 * f);
        var (bx, by, bw, bh) = (unit.X!.Value, unit.Y!.Value, unit.X2!.Value - unit.X!.Value, unit.Y2!.Value - unit.Y!.Value);
        (bx, by, bw, bh) = (bx - (bw * 0.03), by - (bh * 0.03), bw * 1.06, bh * 1.06);
        var mmPerUnit = Math.Min(mw / bw, mh / bh);
        var mmPerKm = mmPerUnit / 111.195; // one map unit is one degree of latitude
        var px = 0.35 * f; // a stroke width unit in mm

        var sites = items.Where(i => i.Layer == "site").ToList();
        var noSite = items.Where(i => i.Layer == "no_site").ToList();
        long moved = sites.Sum(s => s.Moved) + noSite.Sum(s => s.Moved), keys = sites.Sum(s => s.Keys) + noSite.Sum(s => s.Keys),
            registered = sites.Sum(s => s.Registered) + noSite.Sum(s => s.Registered);
        var title = lang == TableLabels.English ? $"{unit.Label} {W("wall_title")}" : $"{unit.Label}{W("wall_title")}";

        var h = new StringBuilder();
        h.Append(inv, $$"""
            <!doctype html><html lang="{{(lang == TableLabels.English ? "en" : "zh-CN")}}"><head><meta charset="utf-8"><title>{{E(title)}}</title><style>
            @page { size: {{pw}}mm {{ph}}mm; margin: 0; }
            html, body { margin: 0; width: {{pw}}mm; height: {{ph}}mm; overflow: hidden; font-family: {{HtmlReport.Font}}; color: #1a1a1a; }
            .title { position: absolute; left: 0; top: {{8 * f}}mm; width: 100%; text-align: center; font-size: {{26 * f}}pt; font-weight: bold; letter-spacing: {{2 * f}}pt; color: #a01010; }
            .frame { position: absolute; left: {{mx}}mm; top: {{my}}mm; width: {{mw}}mm; height: {{mh}}mm; border: {{0.8 * f}}mm solid #333; background: #fbfaf3; }
            .panel { position: absolute; left: {{mx + mw + (6 * f)}}mm; top: {{my}}mm; width: {{83 * f}}mm; font-size: {{10 * f}}pt; }
            .panel h2 { font-size: {{13 * f}}pt; margin: 0 0 {{2 * f}}mm; border-bottom: {{0.4 * f}}mm solid #333; }
            .panel table { border-collapse: collapse; width: 100%; margin-bottom: {{5 * f}}mm; } .panel td { padding: {{0.8 * f}}mm {{1 * f}}mm; border-bottom: {{0.2 * f}}mm solid #ccc; }
            .panel td.n { text-align: right; } .foot { position: absolute; right: {{12 * f}}mm; bottom: {{4 * f}}mm; font-size: {{9 * f}}pt; color: #444; }
            svg text { font-family: {{HtmlReport.Font}}; }
            </style></head><body>
            <div class="title">{{E(title)}}</div>
            <div class="frame"><svg width="{{mw}}mm" height="{{mh}}mm" viewBox="{{F(bx)}} {{F(by)}} {{F(bw)}} {{F(bh)}}" preserveAspectRatio="xMidYMid meet">
            """);
        // Stroke widths and text sizes in map units: mm / mmPerUnit.
        string U(double mm) => F(mm / mmPerUnit);
        h.Append(inv, $"<path d=\"{unit.Svg}\" fill=\"#fffdf0\" stroke=\"#555\" stroke-width=\"{U(4 * px)}\"/>");
        foreach (var c in items.Where(i => i.Layer == "child"))
            h.Append(inv, $"<path d=\"{c.Svg}\" fill=\"none\" stroke=\"#999\" stroke-width=\"{U(1.5 * px)}\" stroke-dasharray=\"{U(3 * px)} {U(2 * px)}\"/>");
        foreach (var l in items.Where(i => i.Layer == "power_line"))
            h.Append(inv, $"<path d=\"{l.Svg}\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"{U(1.6 * px)}\" stroke-dasharray=\"{U(5 * px)} {U(2 * px)}\"{Faded(l)}/>");
        foreach (var r in items.Where(i => i.Layer == "road"))
            h.Append(inv, $"<path d=\"{r.Svg}\" fill=\"none\" stroke=\"#b03030\" stroke-width=\"{U(2.2 * px)}\"{Faded(r)}/>");
        foreach (var w in items.Where(i => i.Layer == "well"))
            h.Append(inv, $"<circle cx=\"{F(w.X!.Value)}\" cy=\"{F(w.Y!.Value)}\" r=\"{U(1.1 * f)}\" fill=\"#1f6fd1\" stroke=\"#fff\" stroke-width=\"{U(0.3 * f)}\"{Faded(w)}/>");
        foreach (var c in items.Where(i => i.Layer == "child"))
            h.Append(inv, $"<text x=\"{F(c.X!.Value)}\" y=\"{F(c.Y!.Value)}\" font-size=\"{U(UnitNameMm * f)}\" text-anchor=\"middle\" fill=\"#666\">{E(c.Label ?? "")}</text>");
        foreach (var s in sites)
        {
            if (s.Svg is { Length: > 0 }) h.Append(inv, $"<path d=\"{s.Svg}\" fill=\"#2e8b57\" fill-opacity=\"0.6\" stroke=\"#145a32\" stroke-width=\"{U(0.8 * px)}\"/>");
            var (x, y) = (s.X!.Value, s.Y!.Value);
            if (s.Kind == "centralized")
                h.Append(inv, $"<rect x=\"{F(x - (1.6 * f / mmPerUnit))}\" y=\"{F(y - (1.6 * f / mmPerUnit))}\" width=\"{U(3.2 * f)}\" height=\"{U(3.2 * f)}\" fill=\"#2e8b57\" stroke=\"#fff\" stroke-width=\"{U(0.4 * f)}\"/>");
            else
                h.Append(inv, $"<polygon points=\"{F(x)},{F(y - (1.8 * f / mmPerUnit))} {F(x + (1.6 * f / mmPerUnit))},{F(y + (1.2 * f / mmPerUnit))} {F(x - (1.6 * f / mmPerUnit))},{F(y + (1.2 * f / mmPerUnit))}\" fill=\"#8e44ad\" stroke=\"#fff\" stroke-width=\"{U(0.3 * f)}\"/>");
        }
        // What the frame shows: the unit's box widened to the frame's shape (the SVG's "meet").
        var (vw, vh) = (mw / mmPerUnit, mh / mmPerUnit);
        var visible = new LabelBox(bx + (bw / 2) - (vw / 2), by + (bh / 2) - (vh / 2), vw, vh);
        foreach (var (label, at) in SiteLabels(items, lang, f / mmPerUnit, visible))
            h.Append(inv, $"<text class=\"site-label\" x=\"{F(at.X)}\" y=\"{F(at.Y)}\" text-anchor=\"{at.Anchor}\" font-size=\"{U(LabelMm * f)}\" fill=\"#123\" stroke=\"#fff\" stroke-width=\"{U(0.5 * f)}\" paint-order=\"stroke\">{E(label)}</text>");
        h.Append("</svg>");
        // North arrow and scale bar, over the map's corners.
        h.Append(string.Create(inv, $"""<svg style="position:absolute; right:{6 * f}mm; top:{5 * f}mm" width="{14 * f}mm" height="{20 * f}mm" viewBox="0 0 14 20"><polygon points="7,1 12,15 7,12 2,15" fill="#222"/><text x="7" y="19.5" font-size="5" text-anchor="middle">{E(W("north"))}</text></svg>"""));
        var km = new[] { 1, 2, 5, 10, 20, 25, 50, 100 }.LastOrDefault(k => k * mmPerKm <= mw / 4, 1);
        var bar = km * mmPerKm;
        h.Append(string.Create(inv, $"""<div style="position:absolute; left:{6 * f}mm; bottom:{6 * f}mm; font-size:{9 * f}pt"><div style="display:flex; width:{F(bar)}mm; height:{1.6 * f}mm; border:{0.3 * f}mm solid #222"><div style="flex:1; background:#222"></div><div style="flex:1; background:#fff"></div></div><div style="display:flex; justify-content:space-between; width:{F(bar + (4 * f))}mm; margin-left:-{2 * f}mm"><span>0</span><span>{km} km</span></div></div>"""));
        h.Append("</div>");

        // The panel: households by status, the legend, the date.
        h.Append("<div class=\"panel\">");
        h.Append(inv, $"<h2>{E(W("households_by_status"))}</h2><table>");
        foreach (var (label, n) in new[] { (W("moved"), moved), (W("keys"), keys), (W("registered"), registered), (W("total"), moved + keys + registered) })
            h.Append(inv, $"<tr><td>{E(label)}</td><td class=\"n\">{n:#,0}</td></tr>");
        h.Append(inv, $"<tr><td>{E(W("sites"))}</td><td class=\"n\">{sites.Count(s => s.Kind == "centralized"):#,0}</td></tr></table>");
        h.Append(inv, $"<h2>{E(W("legend"))}</h2><table>");
        string Row(string symbol, string label) => $"<tr><td style=\"width:{14 * f}mm\"><svg width=\"{12 * f}mm\" height=\"{5 * f}mm\" viewBox=\"0 0 12 5\">{symbol}</svg></td><td>{E(label)}</td></tr>";
        h.Append(Row("<rect x=\"4\" y=\"0.7\" width=\"3.6\" height=\"3.6\" fill=\"#2e8b57\"/>", W("centralized_site")));
        h.Append(Row("<polygon points=\"6,0.5 8,4.5 4,4.5\" fill=\"#8e44ad\"/>", W("separate_site")));
        h.Append(Row("<line x1=\"0\" y1=\"2.5\" x2=\"12\" y2=\"2.5\" stroke=\"#b03030\" stroke-width=\"1\"/>", $"{W("road")}（{W("completed")}）"));
        h.Append(Row("<line x1=\"0\" y1=\"2.5\" x2=\"12\" y2=\"2.5\" stroke=\"#b03030\" stroke-width=\"1\" stroke-opacity=\"0.35\"/>", $"{W("road")}（{W("planned")}/{W("under_construction")}）"));
        h.Append(Row("<line x1=\"0\" y1=\"2.5\" x2=\"12\" y2=\"2.5\" stroke=\"#e08a00\" stroke-width=\"0.8\" stroke-dasharray=\"2.5 1\"/>", W("power_line")));
        h.Append(Row("<circle cx=\"6\" cy=\"2.5\" r=\"1.4\" fill=\"#1f6fd1\"/>", W("well")));
        h.Append(Row("<line x1=\"0\" y1=\"2.5\" x2=\"12\" y2=\"2.5\" stroke=\"#999\" stroke-width=\"0.5\" stroke-dasharray=\"1.5 1\"/>", W("boundary")));
        h.Append("</table></div>");
        h.Append(inv, $"<div class=\"foot\">{E(W("made"))}：{day:yyyy-MM-dd}</div></body></html>");
        return h.ToString();
    }

    /// <summary>Site label size, unit name size and the gap from a site's symbol to its label, in mm on A3.</summary>
    const double LabelMm = 2.6, UnitNameMm = 3.6, LabelGapMm = 2.4, SymbolMm = 3.6;

    /// <summary>
    /// The site labels that fit without overlapping each other, the child units' names or any site's
    /// symbol (<see cref="WallMapLabels"/>), with where each goes. <paramref name="unitsPerMm"/> turns
    /// the page's millimetres (A3-scaled) into map units; labels stay inside <paramref name="frame"/> when given.
    /// </summary>
    public static List<(string Text, PlacedLabel At)> SiteLabels(IReadOnlyList<WallMapItem> items, string lang, double unitsPerMm, LabelBox? frame = null)
    {
        var requests = new List<LabelRequest>();
        foreach (var s in items.Where(i => i.Layer == "site"))
        {
            var total = s.Moved + s.Keys + s.Registered;
            if (s.Kind != "centralized" && total == 0) continue;
            var count = total == 0 ? "" : lang == TableLabels.English ? $" {total} hh, {s.Moved} in" : $" {total}户/入住{s.Moved}";
            // Centralized sites first (the map is about them), then by households.
            requests.Add(new LabelRequest((s.Label ?? "") + count, s.X!.Value, s.Y!.Value, (s.Kind == "centralized" ? 1_000_000_000 : 0) + total));
        }
        var symbol = SymbolMm * unitsPerMm;
        var obstacles = items.Where(i => i.Layer == "site").Select(s => new LabelBox(s.X!.Value - (symbol / 2), s.Y!.Value - (symbol / 2), symbol, symbol))
            .Concat(items.Where(i => i.Layer == "child" && i.X is not null).Select(c => WallMapLabels.BoxOf(c.Label ?? "", "middle", c.X!.Value, c.Y!.Value, UnitNameMm * unitsPerMm)));
        var placed = WallMapLabels.Place(requests, LabelMm * unitsPerMm, LabelGapMm * unitsPerMm, obstacles, frame);
        return [.. requests.Zip(placed).Where(p => p.Second is not null).Select(p => (p.First.Text, p.Second!))];
    }

    /// <summary>Works not yet completed are drawn pale.</summary>
    static string Faded(WallMapItem i) => i.Kind == "completed" ? "" : " opacity=\"0.4\"";

    static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    static string E(string s) => WebUtility.HtmlEncode(s);
}
