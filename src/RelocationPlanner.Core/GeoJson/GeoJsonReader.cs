using System.Text.Json;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Core.GeoJson;

/// <summary>
/// Reads a GeoJSON FeatureCollection into <see cref="GeoFeature"/>s (2D, scalar properties only).
/// Enough for the project's own files; not a general GeoJSON library.
/// </summary>
public static class GeoJsonReader
{
    /// <summary>Parses FeatureCollection text; geometries get SRID 4326.</summary>
    public static IReadOnlyList<GeoFeature> ReadFeatureCollection(string json)
    {
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

            result.Add(new GeoFeature(ReadGeometry(f.GetProperty("geometry")), props));
        }

        return result;
    }

    /// <summary>Parses one GeoJSON geometry object (with the API's reader); a malformed one throws.</summary>
    public static Geometry ReadGeometry(JsonElement g)
    {
        var (geometry, error) = GeoJsonGeometryReader.Read(g);
        return geometry ?? throw new FormatException($"{error!.Field}: {error.Message}");
    }

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
