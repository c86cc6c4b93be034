using System.Text.Json;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.GeoJson;

/// <summary>
/// Names what is wrong with a geometry the library refused: its JSON path and a rule code
/// (an unclosed ring is <c>geometry.coordinates[0]</c> / <c>ring_not_closed</c>). The library
/// throws one exception for the whole object; people fixing a file need the position. Runs
/// only on refused geometries, and builds nothing.
/// </summary>
public static class GeoJsonFaults
{
    /// <summary>The first fault found, or null when the structure looks right (the caller then reports the library's message).</summary>
    public static FieldError? Locate(JsonElement json, string field)
    {
        if (json.ValueKind != JsonValueKind.Object)
            return new(field, Rules.GeometryRequired, "A GeoJSON geometry object is required.");
        if (!json.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String)
            return new(field + ".type", Rules.GeometryType, "The geometry has no type.");
        var type = typeEl.GetString();
        if (type == "GeometryCollection")
            return new(field + ".type", Rules.GeometryType, "GeometryCollection is not stored by any collection.");
        // Nesting depth of positions: Point 0, LineString/MultiPoint 1, Polygon/MultiLineString 2, MultiPolygon 3.
        int? depth = type switch
        {
            "Point" => 0,
            "LineString" or "MultiPoint" => 1,
            "Polygon" or "MultiLineString" => 2,
            "MultiPolygon" => 3,
            _ => null,
        };
        if (depth is null) return new(field + ".type", Rules.GeometryType, $"Unknown geometry type '{type}'.");
        if (!json.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            return new(field + ".coordinates", Rules.CoordinatesRequired, "The geometry has no coordinates array.");
        return Walk(c, field + ".coordinates", depth.Value, type!);
    }

    static FieldError? Walk(JsonElement e, string path, int depth, string type)
    {
        if (depth == 0) return Position(e, path);
        if (e.ValueKind != JsonValueKind.Array)
            return new(path, Rules.CoordinatesShape, "An array was expected here.");
        var i = 0;
        foreach (var item in e.EnumerateArray())
            if (Walk(item, $"{path}[{i++}]", depth - 1, type) is { } inner) return inner;
        // Depth 1 is a list of positions: a line (or a ring when it sits inside a polygon).
        if (depth != 1 || type == "MultiPoint" || i == 0) return null;
        var ring = type is "Polygon" or "MultiPolygon";
        if (!ring && i < 2) return new(path, Rules.TooFewPoints, "A line needs at least two positions.");
        if (ring && i < 4) return new(path, Rules.TooFewPoints, "A polygon ring needs at least four positions (the first repeated last).");
        if (ring && !SamePosition(e[0], e[i - 1])) return new(path, Rules.RingNotClosed, "A polygon ring must end where it starts.");
        return null;
    }

    static FieldError? Position(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() < 2)
            return new(path, Rules.CoordinatesShape, "A position needs at least two numbers [lon, lat].");
        foreach (var n in e.EnumerateArray())
            if (n.ValueKind != JsonValueKind.Number || !n.TryGetDouble(out var v) || !double.IsFinite(v))
                return new(path, Rules.CoordinatesNumber, "Coordinates must be finite numbers.");
        return null;
    }

    static bool SamePosition(JsonElement a, JsonElement b) =>
        a[0].GetDouble() == b[0].GetDouble() && a[1].GetDouble() == b[1].GetDouble();
}
