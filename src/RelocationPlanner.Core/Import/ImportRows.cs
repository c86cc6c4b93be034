using System.Buffers;
using System.Globalization;
using System.Text.Json;
using RelocationPlanner.Core.Coordinates;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Import;

/// <summary>One thing wrong with one row of an import file: the 1-based row (feature number; for CSV the data row), field and rule.</summary>
public sealed record RowError(long Row, string Field, string Rule, string Message);

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
            .Select(m => new FieldError("mapping." + m.Key, "unknown_property",
                c.Property(m.Key) is null ? $"{c.Id} has no property {m.Key}; targets are: {string.Join(", ", c.Properties.Select(p => p.Name))}." : $"mapping.{m.Key} needs a source field name."));
}

/// <summary>
/// Turns one feature read from any import source into a validated row, with the same
/// FeatureReader/FeatureRules/GeometryRules as a GeoJSON write, after the field mapping and
/// before the GCJ-02/BD-09 correction.
/// </summary>
public static class ImportRows
{
    static readonly string[] CoordinateColumns = ["lon", "lng", "longitude", "x", "lat", "latitude", "y"];

    public static (ParsedFeature? Feature, IEnumerable<RowError> Errors) Read(JsonElement feature, long row, CollectionSpec c, ImportSettings settings)
    {
        JsonDocument? mapped = null;
        try
        {
            if (settings.Mapping is { Count: > 0 } m) feature = (mapped = Map(feature, m)).RootElement;
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

    /// <summary>A missing geometry in a CSV usually means a coordinate column that is not a number: say which.</summary>
    static IEnumerable<RowError> Explain(JsonElement feature, List<FieldError> errors, long row)
    {
        foreach (var e in errors)
        {
            if (e.Rule == "geometry_required" && feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                var bad = props.EnumerateObject().FirstOrDefault(p => Array.IndexOf(CoordinateColumns, p.Name.ToLowerInvariant()) >= 0
                    && p.Value.ValueKind == JsonValueKind.String && !double.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                if (bad.Value.ValueKind == JsonValueKind.String)
                {
                    yield return new RowError(row, "properties." + bad.Name, "number", $"{bad.Name} '{bad.Value.GetString()}' is not a number, so the row has no position.");
                    continue;
                }
            }
            yield return new RowError(row, e.Field, e.Rule, e.Message);
        }
    }

    /// <summary>Copies the feature with properties renamed: target = value of the source field; other fields kept.</summary>
    static JsonDocument Map(JsonElement feature, IReadOnlyDictionary<string, string> mapping)
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
                    if (!targets.Contains(q.Name)) q.WriteTo(w);
                foreach (var (target, source) in mapping)
                    if (p.Value.TryGetProperty(source, out var v)) { w.WritePropertyName(target); v.WriteTo(w); }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
