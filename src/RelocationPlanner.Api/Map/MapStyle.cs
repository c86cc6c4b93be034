using System.Text.Json.Nodes;

namespace RelocationPlanner.Api.Map;

/// <summary>
/// The map definition of /api/map rendered a second way: a MapLibre style (version 8) over the
/// OGC vector tiles of the whole dataset (their TileJSON), so MapLibre GL JS, QGIS's vector tile
/// layer and OpenLayers (ol-mapbox-style) draw the product's map from the standards alone.
/// One definition (<see cref="PlannerMap"/>), two renderings.
/// <para>Facets merge in order over the base paint, the first matching case of each (as in the
/// web client). The style spells that out as one style layer per combination of the facets'
/// cases (and "none of them"), each with its merged, constant paint and a filter in the classic
/// filter syntax. No data-driven expressions: QGIS 3.22 reads neither case/step nor nested
/// match, and line dashes cannot be data-driven anywhere. A combination's legend labels are in
/// its metadata (rp:legend).</para>
/// <para>What a style cannot say the same way: point symbols are circles (squares, triangles,
/// crosses need sprites), labels are left out (text needs glyphs this service does not serve),
/// and MapLibre counts zoom in 512-pixel tiles, so a layer's zoom range is one less than in /api/map.</para>
/// </summary>
public static class MapStyle
{
    const string Source = "rp";

    public static JsonObject Build(MapDefinition map, string tileJsonUrl)
    {
        var sources = new JsonObject { [Source] = new JsonObject { ["type"] = "vector", ["url"] = tileJsonUrl, ["attribution"] = "RelocationPlanner" } };
        var layers = new JsonArray { new JsonObject { ["id"] = "background", ["type"] = "background", ["paint"] = new JsonObject { ["background-color"] = "#f4f3ee" } } };
        if (map.BasemapUrl is { } basemap)
        {
            sources["basemap"] = new JsonObject { ["type"] = "raster", ["tiles"] = new JsonArray(basemap), ["tileSize"] = 256 };
            layers.Add(new JsonObject { ["id"] = "basemap", ["type"] = "raster", ["source"] = "basemap" });
        }
        foreach (var layer in map.Layers)
            foreach (var l in Render(layer)) layers.Add(l);
        return new JsonObject
        {
            ["version"] = 8,
            ["name"] = "RelocationPlanner",
            ["metadata"] = new JsonObject { ["rp:definition"] = "/api/map", ["rp:crs"] = map.StorageCrs },
            ["center"] = new JsonArray(map.View.Center[0], map.View.Center[1]),
            ["zoom"] = Math.Max(0, map.View.Zoom - 1),
            ["sources"] = sources,
            ["layers"] = layers,
        };
    }

    /// <summary>One combination: the conditions it stands for, its merged paint and its legend labels.</summary>
    sealed record Combination(List<JsonNode> Conditions, Paint Paint, List<string> Labels);

    /// <summary>The style layers of one map layer, bottom first: fills, then lines, then points.</summary>
    static IEnumerable<JsonObject> Render(MapLayer layer)
    {
        var style = layer.Style;
        IReadOnlySet<string> properties = Core.Features.Collections.Find(layer.Source.Collection) is { } spec
            ? spec.Properties.Select(p => p.Name).ToHashSet() : new HashSet<string>();
        var n = 0;
        JsonObject Layer(string type, string geometry, Combination c, JsonObject paint)
        {
            var filter = new JsonArray("all", new JsonArray("==", "$type", geometry));
            foreach (var condition in c.Conditions) filter.Add(condition.DeepClone());
            var o = new JsonObject
            {
                ["id"] = $"{layer.Id}-{type}-{n++}",
                ["type"] = type,
                ["source"] = Source,
                ["source-layer"] = layer.Source.Collection,
                ["minzoom"] = Math.Max(0, layer.MinZoom - 1),
                ["maxzoom"] = Math.Min(24, layer.MaxZoom),
                ["metadata"] = new JsonObject
                {
                    ["rp:layer"] = layer.Id,
                    ["rp:title"] = layer.Title.En,
                    ["rp:title_zh"] = layer.Title.Zh,
                    ["rp:legend"] = new JsonArray([.. c.Labels.Select(l => (JsonNode)l)]),
                },
                ["filter"] = filter,
                ["paint"] = paint,
            };
            if (!layer.Visible) o["layout"] = new JsonObject { ["visibility"] = "none" };
            return o;
        }

        if (style.Geometry is "polygon" or "line")
        {
            // A polygon layer's point cases (a site that is one household) paint its points only.
            var shapes = Combinations(style, properties, c => c.Geometry != "point");
            if (style.Geometry == "polygon")
                foreach (var c in shapes)
                    yield return Layer("fill", "Polygon", c, new JsonObject { ["fill-color"] = c.Paint.Fill ?? "rgba(0,0,0,0)" });
            foreach (var c in shapes)
            {
                var width = c.Paint.Width ?? 1;
                var paint = new JsonObject { ["line-color"] = c.Paint.Stroke ?? "#000000", ["line-width"] = width };
                // MapLibre measures dashes in line widths, OpenLayers in pixels.
                if (c.Paint.Dash is { Length: > 0 } dash) paint["line-dasharray"] = new JsonArray([.. dash.Select(d => (JsonNode)Math.Round(d / width, 2))]);
                yield return Layer("line", style.Geometry == "polygon" ? "Polygon" : "LineString", c, paint);
            }
        }
        if (style.Geometry == "point" || style.Facets.Any(f => f.Cases.Any(c => c.Geometry == "point")))
        {
            foreach (var c in Combinations(style, properties, c => style.Geometry == "point" || c.Geometry == "point"))
                yield return Layer("circle", "Point", c, new JsonObject
                {
                    ["circle-color"] = c.Paint.Fill ?? "#000000",
                    ["circle-radius"] = c.Paint.Radius ?? 5,
                    ["circle-stroke-color"] = c.Paint.Stroke ?? "#ffffff",
                    ["circle-stroke-width"] = c.Paint.Width ?? 1,
                });
        }
    }

    /// <summary>
    /// Every combination of the facets' cases (those <paramref name="applies"/> keeps), each
    /// facet also contributing "none of its cases" (the paint passes through unchanged).
    /// </summary>
    static List<Combination> Combinations(LayerStyle style, IReadOnlySet<string> properties, Func<StyleCase, bool> applies)
    {
        var result = new List<Combination> { new([], style.Base, []) };
        foreach (var facet in style.Facets)
        {
            // A facet on a property the tiles do not carry (a site's score) can never match there.
            if (!properties.Contains(facet.Property)) continue;
            var cases = facet.Cases.Where(applies).ToList();
            if (cases.Count == 0) continue;
            var next = new List<Combination>();
            foreach (var combination in result)
            {
                foreach (var c in cases)
                    next.Add(new([.. combination.Conditions, Condition(facet.Property, c)], PlannerMap.Merge(combination.Paint, c.Paint), [.. combination.Labels, c.Label.En]));
                // "None of the cases", a missing value included (QGIS reads NOT (x >= 0) as unknown for a null x).
                var none = new JsonArray([(JsonNode)"none", .. cases.Select(c => Condition(facet.Property, c))]);
                next.Add(new([.. combination.Conditions, new JsonArray("any", new JsonArray("!has", facet.Property), none)], combination.Paint, combination.Labels));
            }
            result = next;
        }
        return result;
    }

    /// <summary>A case as a classic filter: property == value, or min &lt;= property &lt; max.</summary>
    static JsonNode Condition(string property, StyleCase c) => c.Value is { } value
        ? new JsonArray("==", property, value)
        : new JsonArray("all", new JsonArray(">=", property, c.Min ?? -1e9), new JsonArray("<", property, c.Max ?? 1e9));
}
