using System.Buffers;
using System.Globalization;
using System.Text.Json;
using RelocationPlanner.Core.Coordinates;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Import;

/// <summary>How an import reads a file's rows: a field mapping {target: source} and an optional China offset to undo.</summary>
public sealed record ImportSettings(IReadOnlyDictionary<string, string>? Mapping = null, OffsetSystem SourceOffset = OffsetSystem.Wgs84)
{
    /// <summary>Parses the multipart/CLI option value gcj02|bd09 (empty = none).</summary>
    public static OffsetSystem? ParseOffset(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "wgs84" or "none" => OffsetSystem.Wgs84,
        "gcj02" or "gcj-02" => OffsetSystem.Gcj02,
        "bd09" or "bd-09" => OffsetSystem.Bd09,
        _ => null,
    };

    /// <summary>Checks a mapping against the collection: every target must be one of its properties.</summary>
    public IEnumerable<FieldError> Check(CollectionSpec c) =>
        (Mapping ?? new Dictionary<string, string>()).Where(m => c.Property(m.Key) is null || string.IsNullOrWhiteSpace(m.Value))
            .Select(m => new FieldError("mapping." + m.Key, Rules.UnknownProperty,
                c.Property(m.Key) is null ? $"{c.Id} has no property {m.Key}; targets are: {string.Join(", ", c.Properties.Select(p => p.Name))}." : $"mapping.{m.Key} needs a source field name."));
}

/// <summary>
/// Turns one feature read from any import source into a validated row, with the same
/// FeatureReader/FeatureRules/GeometryRules as a GeoJSON write, after the field mapping and
/// before the GCJ-02/BD-09 correction.
/// </summary>
public static class ImportRows
{
    public static (ParsedFeature? Feature, IEnumerable<RowError> Errors) Read(JsonElement feature, long row, CollectionSpec c, ImportSettings settings)
    {
        if (StrictJson.Check(feature) is { } fault) return (null, [new RowError(row, fault.Field, fault.Rule, fault.Message)]);
        JsonDocument? mapped = null;
        try
        {
            var dates = feature.ValueKind == JsonValueKind.Object && DatesToFix(feature, c);
            if (settings.Mapping is { Count: > 0 } || dates)
                feature = (mapped = Map(feature, settings.Mapping ?? new Dictionary<string, string>(), dates ? c : null)).RootElement;
            var (parsed, errors) = FeatureReader.Read(feature, c);
            if (parsed is null) return (null, Explain(feature, errors, row));
            if (settings.SourceOffset != OffsetSystem.Wgs84)
                parsed = parsed with { Geometry = GeometryCoordinateMapper.Convert(parsed.Geometry, settings.SourceOffset, OffsetSystem.Wgs84) };
            return (parsed, []);
        }
        finally
        {
            mapped?.Dispose();
        }
    }

    static readonly (string X, string Y)[] CoordinatePairs = [("lon", "lat"), ("lng", "lat"), ("longitude", "latitude"), ("x", "y")];

    /// <summary>
    /// A missing geometry in a CSV usually means a coordinate that is not a number (GDAL then drops
    /// the value): name that column instead of the geometry.
    /// </summary>
    static IEnumerable<RowError> Explain(JsonElement feature, List<FieldError> errors, long row)
    {
        foreach (var e in errors)
        {
            if (e.Rule == "geometry_required" && BadCoordinate(feature) is { } bad)
                yield return new RowError(row, "properties." + bad, "number", $"{bad} is empty or not a number, so the row has no position.");
            else
                yield return new RowError(row, e.Field, e.Rule, e.Message);
        }
    }

    static string? BadCoordinate(JsonElement feature)
    {
        if (!feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object) return null;
        var names = props.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value);
        bool Ok(string n) => names.TryGetValue(n, out var v) && (v.ValueKind == JsonValueKind.Number
            || (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        foreach (var (x, y) in CoordinatePairs)
        {
            if (!names.ContainsKey(x) && !names.ContainsKey(y)) continue;
            if (!Ok(x)) return x;
            if (!Ok(y)) return y;
        }
        return null;
    }

    /// <summary>GDAL writes dates from FlatGeobuf/Shapefile/GeoPackage as 2016/09/30 or 2016-09-30T00:00:00.</summary>
    static bool DatesToFix(JsonElement feature, CollectionSpec c) =>
        feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object
        && c.Properties.Any(p => p.Kind == PropertyKind.Date && props.TryGetProperty(p.Name, out var v) && v.ValueKind == JsonValueKind.String && FixDate(v.GetString()!) is not null);

    /// <summary>The yyyy-MM-dd form of a GDAL date or midnight date-time, or null when it is something else.</summary>
    static string? FixDate(string s)
    {
        if (s.Length == 10 && s[4] == '/' && s[7] == '/') return s.Replace('/', '-');
        if (s.Length > 10 && s[10] is 'T' or ' ' && s[11..].TrimEnd('Z').Replace("+00:00", "") is "00:00:00" or "00:00:00.000" or "00:00") return s[..10].Replace('/', '-');
        return null;
    }

    static JsonDocument Map(JsonElement feature, IReadOnlyDictionary<string, string> mapping, CollectionSpec? fixDates = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in feature.EnumerateObject())
            {
                if (p.Name != "properties" || p.Value.ValueKind != JsonValueKind.Object) { p.WriteTo(w); continue; }
                w.WriteStartObject("properties");
                var targets = mapping.Keys.ToHashSet();
                foreach (var q in p.Value.EnumerateObject())
                    if (!targets.Contains(q.Name)) Write(w, q.Name, q.Value, fixDates);
                foreach (var (target, source) in mapping)
                    if (p.Value.TryGetProperty(source, out var v)) Write(w, target, v, fixDates);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    static void Write(Utf8JsonWriter w, string name, JsonElement value, CollectionSpec? fixDates)
    {
        w.WritePropertyName(name);
        if (fixDates?.Property(name) is { Kind: PropertyKind.Date } && value.ValueKind == JsonValueKind.String && FixDate(value.GetString()!) is { } d)
            w.WriteStringValue(d);
        else value.WriteTo(w);
    }
}
