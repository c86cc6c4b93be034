using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO.Converters;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.GeoJson;

/// <summary>
/// The one door between GeoJSON and NetTopologySuite. NetTopologySuite.IO.GeoJSON4STJ reads and
/// writes; this adds what the service promises on top of it: a refused geometry is named by its
/// JSON path and a rule code (<see cref="GeoJsonFaults"/>), storage is 2D (Z is dropped with a
/// warning), a <c>crs</c> member must be WGS 84, and written coordinates are rounded.
/// </summary>
public static class GeoJsonIO
{
    /// <summary>Every geometry read or made here is WGS 84 / CGCS2000 degrees (SRID 4326).</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>The library's converters; Chinese names stay readable instead of \uXXXX escapes.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new GeoJsonConverterFactory(Factory) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Reads one GeoJSON geometry object. The error names the path under <paramref name="field"/>
    /// (e.g. <c>geometry.coordinates[0]</c>) and the rule; the warning says Z was dropped.
    /// </summary>
    public static (Geometry? Geometry, FieldError? Error, FieldError? Warning) ReadGeometry(JsonElement json, string field = "geometry")
    {
        if (json.ValueKind != JsonValueKind.Object)
            return (null, new FieldError(field, Rules.GeometryRequired, "A GeoJSON geometry object is required."), null);
        Geometry? g;
        try
        {
            g = json.Deserialize<Geometry>(Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return (null, GeoJsonFaults.Locate(json, field)
                ?? new FieldError(field, Rules.GeometryRequired, "The geometry is not GeoJSON: " + e.Message), null);
        }
        if (g is null) return (null, new FieldError(field, Rules.GeometryRequired, "A GeoJSON geometry object is required."), null);
        if (g.OgcGeometryType == OgcGeometryType.GeometryCollection)
            return (null, new FieldError(field + ".type", Rules.GeometryType, "GeometryCollection is not stored by any collection."), null);
        // The library takes a missing coordinates member as empty, 1e999 as infinity and a
        // three-position ring as a ring: the service refuses those by name.
        if ((g.IsEmpty || !Plain(g)) && GeoJsonFaults.Locate(json, field) is { } fault) return (null, fault, null);
        if (!HasZ(g)) return (g, null, null);
        return (Flatten(g), null, new FieldError(field + ".coordinates", Rules.ZDropped,
            "The third coordinate (height) was dropped: storage is 2D longitude/latitude."));
    }

    /// <summary>
    /// The top-level <c>crs</c> member (GeoJSON 2008; RFC 7946 removed it): absent, CRS84 or
    /// EPSG:4326 is accepted; anything else is refused, since coordinates are read as WGS 84.
    /// </summary>
    public static FieldError? CheckCrs(JsonElement crs, string field = "crs")
    {
        if (crs.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        var name = crs.ValueKind == JsonValueKind.Object && crs.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : crs.GetRawText();
        return IsWgs84(name) ? null : new FieldError(field, Rules.UnknownCrs,
            $"The GeoJSON declares crs {name}; GeoJSON is WGS 84 longitude/latitude (RFC 7946). Reproject it, or send it as GeoPackage.");
    }

    /// <summary>Names that mean WGS 84 longitude/latitude: OGC CRS84 (any spelling of its URN) and EPSG:4326.</summary>
    public static bool IsWgs84(string name) =>
        name.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase) || name.EndsWith("EPSG:4326", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("EPSG::4326", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finite coordinates, and rings of four positions or more.</summary>
    static bool Plain(Geometry g)
    {
        var filter = new PlainCheck();
        g.Apply(filter);
        return !filter.Done;
    }

    sealed class PlainCheck : IEntireCoordinateSequenceFilter
    {
        public bool Done { get; private set; }
        public bool GeometryChanged => false;
        public void Filter(CoordinateSequence seq)
        {
            var closed = seq.Count > 1 && seq.GetX(0) == seq.GetX(seq.Count - 1) && seq.GetY(0) == seq.GetY(seq.Count - 1);
            if (closed && seq.Count < 4) Done = true;
            for (var i = 0; i < seq.Count && !Done; i++)
                Done = !double.IsFinite(seq.GetX(i)) || !double.IsFinite(seq.GetY(i));
        }
    }

    static bool HasZ(Geometry g)
    {
        var filter = new ZFinder();
        g.Apply(filter);
        return filter.Found;
    }

    sealed class ZFinder : IEntireCoordinateSequenceFilter
    {
        public bool Found { get; private set; }
        public bool Done => Found;
        public bool GeometryChanged => false;
        public void Filter(CoordinateSequence seq) => Found |= seq.HasZ;
    }

    /// <summary>The same geometry with X and Y only.</summary>
    static Geometry Flatten(Geometry g) => new GeometryEditor(Factory).Edit(g, new XYOnly());

    sealed class XYOnly : GeometryEditor.CoordinateOperation
    {
        public override Coordinate[] Edit(Coordinate[] coordinates, Geometry geometry) =>
            Array.ConvertAll(coordinates, c => new Coordinate(c.X, c.Y));
    }

    /// <summary>
    /// Writes a FeatureCollection with the library, one feature per line (so git diffs of the
    /// generated files stay reviewable), coordinates rounded to <paramref name="decimals"/>
    /// (6 = about 0.1 m), exterior rings counter-clockwise as RFC 7946 asks.
    /// </summary>
    public static void WriteCollection(Stream stream, IEnumerable<IFeature> features, int decimals = 6)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(features);
        stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
        var first = true;
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Options.Encoder });
        foreach (var feature in features)
        {
            if (!first) stream.Write(",\n"u8);
            first = false;
            JsonSerializer.Serialize(writer, new Feature(Round(feature.Geometry, decimals), feature.Attributes), Options);
            writer.Flush();
            writer.Reset();
        }
        stream.Write("\n]}\n"u8);
    }

    /// <summary>Reads a whole FeatureCollection of a trusted file with the library (demo inputs); properties keep their JSON values.</summary>
    public static IReadOnlyList<IFeature> ReadCollection(string json) =>
        JsonSerializer.Deserialize<FeatureCollection>(json, Options) ?? throw new FormatException("Expected a GeoJSON FeatureCollection.");

    /// <summary>A FeatureCollection as text (tests and small outputs).</summary>
    public static string ToJson(IEnumerable<IFeature> features, int decimals = 6)
    {
        using var ms = new MemoryStream();
        WriteCollection(ms, features, decimals);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    static Geometry Round(Geometry g, int decimals)
    {
        var copy = g.Copy();
        copy.Apply(new Rounder(decimals));
        return copy;
    }

    sealed class Rounder(int decimals) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, Math.Round(seq.GetX(i), decimals, MidpointRounding.AwayFromZero));
                seq.SetY(i, Math.Round(seq.GetY(i), decimals, MidpointRounding.AwayFromZero));
            }
        }
    }

    /// <summary>A feature of ordered properties (the order is kept when written).</summary>
    public static IFeature Feature(Geometry geometry, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var table = new AttributesTable();
        foreach (var (key, value) in properties) table.Add(key, value);
        return new Feature(geometry, table);
    }

    /// <summary>A property of a feature as text (numbers invariant), or null when absent; reads written and parsed features alike.</summary>
    public static string? Text(this IFeature f, string key)
    {
        if (!f.Attributes.Exists(key)) return null;
        return f.Attributes[key] switch
        {
            null => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement e => e.GetRawText(),
            IFormattable x => x.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var o => o.ToString(),
        };
    }

    /// <summary>A property as a whole number; throws when it is missing or not one.</summary>
    public static long Integer(this IFeature f, string key) =>
        long.TryParse(f.Text(key), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new InvalidOperationException($"Property '{key}' is not an integer: {f.Text(key) ?? "null"}");
}
