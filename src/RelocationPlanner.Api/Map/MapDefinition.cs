namespace RelocationPlanner.Api.Map;

/// <summary>A text in the two languages of the interface.</summary>
public sealed record Text(string Zh, string En);

/// <summary>Where a layer's features come from: vector tiles (big layers) or OGC API items by bbox (small, editable layers).</summary>
public sealed record LayerSource(string Kind, string Collection, string? Url);

/// <summary>
/// How to draw: colours are CSS hex, widths and radii in CSS pixels, dash in pixels, symbol one
/// of circle, square, triangle, star, cross. Unset fields inherit from the base paint.
/// </summary>
public sealed record Paint(
    string? Stroke = null, double? Width = null, string? Fill = null, double[]? Dash = null,
    string? Symbol = null, double? Radius = null);

/// <summary>One case of a facet: matches a property value (or a numeric range [min, max)).</summary>
/// <remarks>Geometry, when set, is how the case shows in the legend (e.g. a point case of a mixed polygon/point layer).</remarks>
public sealed record StyleCase(Paint Paint, Text Label, string? Value = null, double? Min = null, double? Max = null, string? Geometry = null);

/// <summary>Facets apply in order, each merging the paint of the first matching case over the base.</summary>
public sealed record StyleFacet(string Property, StyleCase[] Cases);

public sealed record LayerStyle(string Geometry, Paint Base, StyleFacet[] Facets, string? LabelProperty);

/// <summary>One legend line: what it looks like and what it means.</summary>
public sealed record LegendEntry(Text Label, string Geometry, Paint Paint);

public sealed record MapLayer(
    string Id, Text Title, LayerSource Source, int MinZoom, int MaxZoom, bool Visible, bool Editable,
    LayerStyle Style, LegendEntry[] Legend);

public sealed record MapView(double[] Center, int Zoom, double[] Extent);

/// <summary>The whole map as data: any client (OpenLayers today, a desktop client later) draws the same thing.</summary>
public sealed record MapDefinition(string Crs, string StorageCrs, MapView View, string? BasemapUrl, string TileUrl, MapLayer[] Layers);

/// <summary>The planner's map: layer order (bottom first), sources, zoom ranges, styles and legends.</summary>
public static class PlannerMap
{
    public const string TileUrl = "/tiles/{collection}/{z}/{x}/{y}.pbf";

    static readonly Text[] StatusText =
    [
        new("规划", "planned"), new("在建", "under construction"), new("建成", "completed"),
    ];

    /// <summary>Status is shown the same way on every infrastructure layer: planned dashed, under construction dash-dot.</summary>
    static StyleFacet LineStatus() => new("status",
    [
        new(new Paint(Dash: [8, 6]), StatusText[0], "planned"),
        new(new Paint(Dash: [12, 4, 2, 4]), StatusText[1], "under_construction"),
        new(new Paint(Dash: []), StatusText[2], "completed"),
    ]);

    static readonly MapLayer[] Layers =
    [
        Layer("admin_units", new("行政区划", "Admin units"), "ogc", 0, 22,
            new LayerStyle("polygon", new Paint(Stroke: "#6c5b7b", Width: 1, Fill: "rgba(255,255,255,0.01)", Dash: [4, 3]),
            [
                new("level",
                [
                    new(new Paint(Width: 3.5, Dash: []), new("省区", "province / region"), "province"),
                    new(new Paint(Width: 2.5, Dash: []), new("盟市", "city / league"), "city"),
                    new(new Paint(Width: 1.8, Dash: [10, 4]), new("旗县区", "county / banner"), "county"),
                    new(new Paint(Width: 1, Dash: [4, 3]), new("苏木乡镇", "township / sumu"), "township"),
                    new(new Paint(Width: 0.6, Dash: [2, 3]), new("嘎查村", "village / gaqa"), "village"),
                ]),
            ], "name")),
        Layer("towns", new("城镇", "Towns"), "ogc", 5, 22,
            new LayerStyle("point", new Paint(Stroke: "#ffffff", Width: 1.5, Fill: "#34495e", Symbol: "square", Radius: 5),
            [
                new("town_level",
                [
                    new(new Paint(Radius: 8, Fill: "#2c3e50"), new("城市", "city"), "city"),
                    new(new Paint(Radius: 6, Fill: "#34495e"), new("县城 / 旗府", "county seat"), "county_seat"),
                    new(new Paint(Radius: 4, Fill: "#5d6d7e"), new("乡镇 / 苏木", "township town"), "township"),
                ]),
            ], "name")),
        Layer("settlements", new("居民点 (迁出村)", "Settlements"), "ogc", 7, 22,
            new LayerStyle("point", new Paint(Stroke: "#7f4f24", Width: 1.5, Fill: "#e6ccb2", Symbol: "triangle", Radius: 6), [], "name"),
            legend: [new(new("迁出村", "origin village"), "point", new Paint(Stroke: "#7f4f24", Width: 1.5, Fill: "#e6ccb2", Symbol: "triangle", Radius: 6))]),
        Layer("sites", new("安置点", "Sites"), "ogc", 5, 22,
            new LayerStyle("polygon", new Paint(Stroke: "#1e8449", Width: 2, Fill: "rgba(39,174,96,0.25)", Symbol: "circle", Radius: 6),
            [
                new("site_type",
                [
                    new(new Paint(Stroke: "#1e8449", Fill: "rgba(39,174,96,0.25)"), new("集中安置点", "centralized site"), "centralized"),
                    new(new Paint(Stroke: "#ffffff", Fill: "#e67e22", Symbol: "circle"), new("分散安置户", "separate household"), "separate", Geometry: "point"),
                ]),
                new("separate_kind",
                [
                    new(new Paint(Stroke: "#ffffff", Fill: "#e67e22", Symbol: "circle"), new("自建房", "self-built"), "self_built", Geometry: "point"),
                    new(new Paint(Stroke: "#ffffff", Symbol: "square", Fill: "#d35400"), new("城镇购房", "bought in town"), "purchased", Geometry: "point"),
                ]),
                // Filled in when a site carries a score (0..100) from the scoring service.
                new("score",
                [
                    new(new Paint(Stroke: "#c0392b"), new("评分 < 50", "score < 50"), Min: 0, Max: 50),
                    new(new Paint(Stroke: "#f1c40f"), new("评分 50–75", "score 50–75"), Min: 50, Max: 75),
                    new(new Paint(Stroke: "#27ae60"), new("评分 ≥ 75", "score ≥ 75"), Min: 75, Max: 100.0001),
                ]),
            ], "name"), editable: true),
        Layer("roads", new("道路", "Roads"), "mvt", 6, 22,
            new LayerStyle("line", new Paint(Stroke: "#7f8c8d", Width: 1),
            [
                new("road_class",
                [
                    new(new Paint(Stroke: "#c0392b", Width: 3.5), new("国道", "national"), "national"),
                    new(new Paint(Stroke: "#e67e22", Width: 3), new("省道", "provincial"), "provincial"),
                    new(new Paint(Stroke: "#d4ac0d", Width: 2.4), new("县道", "county"), "county"),
                    new(new Paint(Stroke: "#8e7d5b", Width: 1.8), new("乡道", "township"), "township"),
                    new(new Paint(Stroke: "#a39e93", Width: 1.2), new("村道", "village"), "village"),
                    new(new Paint(Stroke: "#bdc3c7", Width: 1), new("其他", "other"), "other"),
                ]),
                LineStatus(),
            ], "name"), editable: true),
        Layer("wells", new("水井", "Wells"), "ogc", 8, 22,
            new LayerStyle("point", new Paint(Stroke: "#ffffff", Width: 1.2, Fill: "#2e86c1", Symbol: "circle", Radius: 5),
            [
                new("well_type",
                [
                    new(new Paint(Symbol: "circle", Radius: 6), new("机电井", "electromechanical"), "electromechanical"),
                    new(new Paint(Symbol: "square", Radius: 5), new("机井", "motor-pumped"), "motor_pumped"),
                    new(new Paint(Symbol: "triangle", Radius: 5), new("手压井", "hand-pumped"), "hand_pumped"),
                    new(new Paint(Symbol: "cross", Radius: 5), new("其他", "other"), "other"),
                ]),
                new("status",
                [
                    new(new Paint(Fill: "#aed6f1"), StatusText[0], "planned"),
                    new(new Paint(Fill: "#5dade2"), StatusText[1], "under_construction"),
                    new(new Paint(Fill: "#1f618d"), StatusText[2], "completed"),
                ]),
            ], null), editable: true),
        Layer("power_lines", new("电力线路", "Power lines"), "mvt", 6, 22,
            new LayerStyle("line", new Paint(Stroke: "#8e44ad", Width: 1.5),
            [
                new("voltage_kv",
                [
                    new(new Paint(Stroke: "#6c3483", Width: 3), new("≥ 110 kV", "≥ 110 kV"), Min: 110, Max: 10000),
                    new(new Paint(Stroke: "#8e44ad", Width: 2.2), new("35 kV", "35 kV"), Min: 35, Max: 110),
                    new(new Paint(Stroke: "#af7ac5", Width: 1.6), new("10 kV", "10 kV"), Min: 6, Max: 35),
                    new(new Paint(Stroke: "#d2b4de", Width: 1.2), new("< 6 kV (低压)", "< 6 kV (low voltage)"), Min: 0, Max: 6),
                ]),
                LineStatus(),
            ], null), editable: true),
    ];

    static MapLayer Layer(string id, Text title, string kind, int minZoom, int maxZoom, LayerStyle style,
        LegendEntry[]? legend = null, bool editable = false) => new(
        id, title,
        new LayerSource(kind, id, kind == "mvt" ? TileUrl.Replace("{collection}", id) : $"/ogc/collections/{id}/items"),
        minZoom, maxZoom, Visible: true, Editable: editable, style,
        legend ?? [.. style.Facets.SelectMany(f => f.Cases.Select(c => new LegendEntry(c.Label, c.Geometry ?? style.Geometry, Merge(style.Base, c.Paint))))]);

    /// <summary>Paint <paramref name="b"/> over <paramref name="a"/>: each of b's set fields wins (how a facet's case applies).</summary>
    public static Paint Merge(Paint a, Paint b) => new(b.Stroke ?? a.Stroke, b.Width ?? a.Width, b.Fill ?? a.Fill, b.Dash ?? a.Dash, b.Symbol ?? a.Symbol, b.Radius ?? a.Radius);

    /// <summary>The map for this service; the optional base map comes from configuration (no online map by default).</summary>
    public static MapDefinition Build(string? basemapUrl) => new(
        "EPSG:3857", "EPSG:4326",
        // Ordos: the demo's area.
        new MapView([109.0, 39.3], 8, [106.5, 37.5, 111.5, 40.9]),
        string.IsNullOrWhiteSpace(basemapUrl) ? null : basemapUrl,
        TileUrl, Layers);
}
