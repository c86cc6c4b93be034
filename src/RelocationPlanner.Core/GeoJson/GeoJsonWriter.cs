using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.GeoJson;

/// <summary>
/// Writes RFC 7946 FeatureCollections with System.Text.Json (the NTS GeoJSON packages do not
/// restore here). Coordinates are rounded to a fixed number of decimals (6 = about 0.1 m).
/// </summary>
public static class GeoJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Keep Chinese names readable in the files instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one FeatureCollection, one feature per line, to the stream.</summary>
    public static void Write(Stream stream, IEnumerable<GeoFeature> features, int decimals = 6)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        // One feature per line keeps git diffs of the generated files reviewable.
        var newline = "\n"u8.ToArray();
        stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
        var first = true;
        foreach (var feature in features)
        {
            if (!first)
            {
                stream.Write(",\n"u8);
            }

            first = false;
            using var writer = new Utf8JsonWriter(stream, Options);
            WriteFeature(writer, feature, decimals);
            writer.Flush();
        }

        stream.Write(newline);
        stream.Write("]}\n"u8);
    }

    /// <summary>Writes a FeatureCollection to a string (for tests and small outputs).</summary>
    public static string ToJson(IEnumerable<GeoFeature> features, int decimals = 6)
    {
        using var ms = new MemoryStream();
        Write(ms, features, decimals);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteFeature(Utf8JsonWriter w, GeoFeature feature, int decimals)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WritePropertyName("properties");
        w.WriteStartObject();
        foreach (var (key, value) in feature.Properties)
        {
            w.WritePropertyName(key);
            WriteValue(w, value);
        }

        w.WriteEndObject();
        w.WritePropertyName("geometry");
        WriteGeometry(w, feature.Geometry, decimals);
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case DateOnly date: w.WriteStringValue(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            default: throw new NotSupportedException($"Property value of type {value.GetType()} is not supported.");
        }
    }

    private static void WriteGeometry(Utf8JsonWriter w, Geometry g, int decimals)
    {
        w.WriteStartObject();
        switch (g)
        {
            case Point p:
                w.WriteString("type", "Point");
                w.WritePropertyName("coordinates");
                WritePosition(w, p.Coordinate, decimals);
                break;
            case LineString l:
                w.WriteString("type", "LineString");
                w.WritePropertyName("coordinates");
                WritePositions(w, l.Coordinates, decimals);
                break;
            case Polygon poly:
                w.WriteString("type", "Polygon");
                w.WritePropertyName("coordinates");
                WritePolygon(w, poly, decimals);
                break;
            case MultiPolygon mp:
                w.WriteString("type", "MultiPolygon");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                foreach (var part in mp.Geometries)
                {
                    WritePolygon(w, (Polygon)part, decimals);
                }

                w.WriteEndArray();
                break;
            case MultiLineString ml:
                w.WriteString("type", "MultiLineString");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                foreach (var part in ml.Geometries)
                {
                    WritePositions(w, part.Coordinates, decimals);
                }

                w.WriteEndArray();
                break;
            case MultiPoint mpt:
                w.WriteString("type", "MultiPoint");
                w.WritePropertyName("coordinates");
                WritePositions(w, mpt.Coordinates, decimals);
                break;
            default:
                throw new NotSupportedException($"Geometry type {g.GeometryType} is not supported.");
        }

        w.WriteEndObject();
    }

    private static void WritePolygon(Utf8JsonWriter w, Polygon poly, int decimals)
    {
        // RFC 7946: exterior rings counter-clockwise, holes clockwise.
        w.WriteStartArray();
        WritePositions(w, Orient(poly.ExteriorRing.Coordinates, ccw: true), decimals);
        foreach (var hole in poly.InteriorRings)
        {
            WritePositions(w, Orient(hole.Coordinates, ccw: false), decimals);
        }

        w.WriteEndArray();
    }

    private static Coordinate[] Orient(Coordinate[] ring, bool ccw)
    {
        if (NetTopologySuite.Algorithm.Orientation.IsCCW(ring) == ccw)
        {
            return ring;
        }

        var copy = (Coordinate[])ring.Clone();
        Array.Reverse(copy);
        return copy;
    }

    private static void WritePositions(Utf8JsonWriter w, Coordinate[] coords, int decimals)
    {
        w.WriteStartArray();
        foreach (var c in coords)
        {
            WritePosition(w, c, decimals);
        }

        w.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter w, Coordinate c, int decimals)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(c.X, decimals, MidpointRounding.AwayFromZero));
        w.WriteNumberValue(Math.Round(c.Y, decimals, MidpointRounding.AwayFromZero));
        w.WriteEndArray();
    }
}
