using System.Text.Json;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Spatial;

/// <summary>
/// Reads a GeoJSON geometry object into an NTS geometry (SRID 4326), reporting structural
/// faults (unclosed ring, too few points, non-numeric coordinates) as field errors instead of
/// throwing. Z and M values are dropped: storage is 2D.
/// </summary>
public static class GeoJsonGeometryReader
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static (NetTopologySuite.Geometries.Geometry? Geometry, FieldError? Error) Read(JsonElement json, string field = "geometry")
    {
        try
        {
            return (ReadGeometry(json, field), null);
        }
        catch (GeoJsonFormatException e)
        {
            return (null, new FieldError(e.Field, e.Rule, e.Message));
        }
    }

    static NetTopologySuite.Geometries.Geometry ReadGeometry(JsonElement json, string field)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new GeoJsonFormatException(field, "geometry_required", "A GeoJSON geometry object is required.");
        if (!json.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String)
            throw new GeoJsonFormatException(field + ".type", "geometry_type", "The geometry has no type.");
        var type = typeEl.GetString()!;
        if (type == "GeometryCollection")
            throw new GeoJsonFormatException(field + ".type", "geometry_type", "GeometryCollection is not stored by any collection.");
        if (!json.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            throw new GeoJsonFormatException(field + ".coordinates", "coordinates_required", "The geometry has no coordinates array.");
        var path = field + ".coordinates";
        return type switch
        {
            "Point" => Factory.CreatePoint(Position(c, path)),
            "LineString" => Line(c, path),
            "Polygon" => Polygon(c, path),
            "MultiPoint" => Factory.CreateMultiPoint(Map(c, path, (e, p) => Factory.CreatePoint(Position(e, p)))),
            "MultiLineString" => Factory.CreateMultiLineString(Map(c, path, Line)),
            "MultiPolygon" => Factory.CreateMultiPolygon(Map(c, path, Polygon)),
            _ => throw new GeoJsonFormatException(field + ".type", "geometry_type", $"Unknown geometry type '{type}'."),
        };
    }

    static T[] Map<T>(JsonElement array, string path, Func<JsonElement, string, T> read)
    {
        if (array.ValueKind != JsonValueKind.Array)
            throw new GeoJsonFormatException(path, "coordinates_shape", "An array was expected here.");
        var result = new T[array.GetArrayLength()];
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            result[i] = read(e, $"{path}[{i}]");
            i++;
        }
        return result;
    }

    static Coordinate Position(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() < 2)
            throw new GeoJsonFormatException(path, "coordinates_shape", "A position needs at least two numbers [lon, lat].");
        var x = Number(e[0], path);
        var y = Number(e[1], path);
        return new Coordinate(x, y);
    }

    static double Number(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
            throw new GeoJsonFormatException(path, "coordinates_number", "Coordinates must be finite numbers.");
        return v;
    }

    static Coordinate[] Positions(JsonElement array, string path) => Map(array, path, Position);

    static LineString Line(JsonElement array, string path)
    {
        var pts = Positions(array, path);
        if (pts.Length < 2)
            throw new GeoJsonFormatException(path, "too_few_points", "A line needs at least two positions.");
        return Factory.CreateLineString(pts);
    }

    static LinearRing Ring(JsonElement array, string path)
    {
        var pts = Positions(array, path);
        if (pts.Length < 4)
            throw new GeoJsonFormatException(path, "too_few_points", "A polygon ring needs at least four positions (the first repeated last).");
        if (!pts[0].Equals2D(pts[^1]))
            throw new GeoJsonFormatException(path, "ring_not_closed", "A polygon ring must end where it starts.");
        return Factory.CreateLinearRing(pts);
    }

    static Polygon Polygon(JsonElement array, string path)
    {
        var rings = Map(array, path, Ring);
        if (rings.Length == 0)
            throw new GeoJsonFormatException(path, "too_few_points", "A polygon needs an outer ring.");
        return Factory.CreatePolygon(rings[0], rings[1..]);
    }

    sealed class GeoJsonFormatException(string field, string rule, string message) : Exception(message)
    {
        public string Field { get; } = field;
        public string Rule { get; } = rule;
    }
}
