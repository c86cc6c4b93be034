using System.Text.Json;
using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.GeoJson;

/// <summary>
/// Reads a GeoJSON FeatureCollection into <see cref="GeoFeature"/>s (2D, scalar properties only).
/// Enough for the project's own files; not a general GeoJSON library.
/// </summary>
public static class GeoJsonReader
{
    /// <summary>Parses FeatureCollection text; geometries get SRID 4326.</summary>
    public static IReadOnlyList<GeoFeature> ReadFeatureCollection(string json, GeometryFactory? factory = null)
    {
        factory ??= new GeometryFactory(new PrecisionModel(), 4326);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.GetProperty("type").GetString() != "FeatureCollection")
        {
            throw new FormatException("Expected a GeoJSON FeatureCollection.");
        }

        var result = new List<GeoFeature>();
        foreach (var f in root.GetProperty("features").EnumerateArray())
        {
            var props = new List<KeyValuePair<string, object?>>();
            if (f.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                foreach (var prop in p.EnumerateObject())
                {
                    props.Add(new(prop.Name, Scalar(prop.Value)));
                }
            }

            result.Add(new GeoFeature(ReadGeometry(f.GetProperty("geometry"), factory), props));
        }

        return result;
    }

    /// <summary>Parses one GeoJSON geometry object.</summary>
    public static Geometry ReadGeometry(JsonElement g, GeometryFactory factory)
    {
        var c = g.GetProperty("coordinates");
        return g.GetProperty("type").GetString() switch
        {
            "Point" => factory.CreatePoint(Position(c)),
            "MultiPoint" => factory.CreateMultiPointFromCoords(Positions(c)),
            "LineString" => factory.CreateLineString(Positions(c)),
            "MultiLineString" => factory.CreateMultiLineString(
                c.EnumerateArray().Select(l => factory.CreateLineString(Positions(l))).ToArray()),
            "Polygon" => Polygon(c, factory),
            "MultiPolygon" => factory.CreateMultiPolygon(
                c.EnumerateArray().Select(p => Polygon(p, factory)).ToArray()),
            var t => throw new NotSupportedException($"Geometry type {t} is not supported."),
        };
    }

    private static Polygon Polygon(JsonElement rings, GeometryFactory factory)
    {
        var list = rings.EnumerateArray().Select(r => factory.CreateLinearRing(Positions(r))).ToArray();
        return factory.CreatePolygon(list[0], list[1..]);
    }

    private static Coordinate[] Positions(JsonElement arr) => arr.EnumerateArray().Select(Position).ToArray();

    private static Coordinate Position(JsonElement p) => new(p[0].GetDouble(), p[1].GetDouble());

    private static object? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.TryGetInt64(out var l) ? l : v.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        // Nested values are kept as raw JSON text rather than dropped.
        _ => v.GetRawText(),
    };
}
