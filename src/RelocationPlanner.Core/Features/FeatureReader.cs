using System.Globalization;
using System.Text.Json;
using System.Runtime.InteropServices;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Core.Features;

/// <summary>A feature that passed every check: its geometry, its typed property values by name, and what was changed on the way in.</summary>
public sealed record ParsedFeature(NetTopologySuite.Geometries.Geometry Geometry, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>Kept but worth saying, e.g. <c>z_dropped</c>.</summary>
    public IReadOnlyList<FieldError> Warnings { get; init; } = [];

    public string Code => (string)Values["code"]!;
}

/// <summary>
/// Turns a GeoJSON Feature into a <see cref="ParsedFeature"/> for a collection, or the list of
/// everything wrong with it. Unknown properties are ignored (GIS files carry extra columns).
/// </summary>
public static class FeatureReader
{
    /// <param name="feature">The GeoJSON Feature.</param>
    /// <param name="collection">Whose contract it must meet.</param>
    /// <param name="toStorage">
    /// For geometries written in another CRS (an OGC write with Content-Crs): turns the geometry as
    /// read into storage lon/lat before any geometry rule is checked. Null: it is lon/lat already.
    /// </param>
    public static (ParsedFeature? Feature, List<FieldError> Errors) Read(JsonElement feature, CollectionSpec collection,
        Func<NetTopologySuite.Geometries.Geometry, NetTopologySuite.Geometries.Geometry>? toStorage = null)
    {
        var errors = new List<FieldError>();
        if (feature.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("$", Rules.FeatureRequired, "A GeoJSON Feature object is required."));
            return (null, errors);
        }
        if (!feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
            errors.Add(new FieldError("type", Rules.FeatureRequired, "The body must be a GeoJSON Feature (\"type\": \"Feature\")."));
        if (feature.TryGetProperty("crs", out var crs) && GeoJsonIO.CheckCrs(crs) is { } crsError)
            errors.Add(crsError);

        NetTopologySuite.Geometries.Geometry? geometry = null;
        FieldError? warning = null;
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
            errors.Add(new FieldError("geometry", Rules.GeometryRequired, "The feature has no geometry."));
        else if (JsonMarshal.GetRawUtf8Value(g).Length > collection.MaxFeatureBytes)
            errors.Add(new FieldError("geometry", Rules.FeatureTooLarge,
                $"The geometry's GeoJSON is larger than {collection.MaxFeatureBytes:N0} bytes, the most a {collection.Id} feature of {collection.MaxVertices:N0} vertices needs."));
        else
        {
            var (read, error, w) = GeoJsonIO.ReadGeometry(g);
            warning = w;
            if (error is null)
                (geometry, error) = GeometryRules.Check(toStorage is null ? read! : toStorage(read!), collection);
            if (error is not null) errors.Add(error);
        }

        var values = new Dictionary<string, object?>();
        feature.TryGetProperty("properties", out var props);
        if (props.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            errors.Add(new FieldError("properties", Rules.PropertiesObject, "properties must be an object."));
        foreach (var spec in collection.Properties)
        {
            JsonElement value = default;
            var present = props.ValueKind == JsonValueKind.Object && props.TryGetProperty(spec.Name, out value) && value.ValueKind != JsonValueKind.Null;
            if (!present || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
            {
                if (spec.Required) errors.Add(new FieldError("properties." + spec.Name, Rules.Required, $"{spec.Name} is required."));
                values[spec.Name] = null;
                continue;
            }
            var (parsed, error) = Parse(value, spec);
            if (error is not null) errors.Add(error);
            values[spec.Name] = parsed;
        }

        if (errors.Count == 0)
            errors.AddRange(FeatureRules.Check(collection, values, geometry!));
        return errors.Count == 0 ? (new ParsedFeature(geometry!, values) { Warnings = warning is null ? [] : [warning] }, errors) : (null, errors);
    }

    static (object? Value, FieldError? Error) Parse(JsonElement v, PropertySpec spec)
    {
        var field = "properties." + spec.Name;
        switch (spec.Kind)
        {
            case PropertyKind.Text:
                var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;
                if (text is null) return (null, new FieldError(field, Rules.TypeText, $"{spec.Name} must be text."));
                text = text.Trim();
                return text.Length > spec.MaxLength
                    ? (null, new FieldError(field, Rules.TooLong, $"{spec.Name} is longer than {spec.MaxLength} characters."))
                    : (text, null);
            case PropertyKind.Enum:
                var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return s is not null && Array.IndexOf(spec.Allowed!, s) >= 0
                    ? (s, null)
                    : (null, new FieldError(field, Rules.Enum, $"{spec.Name} must be one of: {string.Join(", ", spec.Allowed!)}."));
            case PropertyKind.Integer:
                long l = 0;
                var okInt = v.ValueKind == JsonValueKind.Number ? v.TryGetInt64(out l)
                    : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l);
                if (!okInt || l < 0 || l > int.MaxValue)
                    return (null, new FieldError(field, Rules.TypeInteger, $"{spec.Name} must be a whole number >= 0."));
                return ((int)l, null);
            case PropertyKind.Decimal:
                decimal d = 0;
                var okDec = v.ValueKind == JsonValueKind.Number ? v.TryGetDecimal(out d)
                    : v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out d);
                if (!okDec || d <= 0 || d >= 100_000)
                    return (null, new FieldError(field, Rules.TypeDecimal, $"{spec.Name} must be a positive number."));
                return (d, null);
            case PropertyKind.Date:
                if (v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && date.Year is >= 1949 and <= 2100)
                    return (date, null);
                return (null, new FieldError(field, Rules.TypeDate, $"{spec.Name} must be a date written yyyy-MM-dd."));
            default:
                throw new InvalidOperationException($"No parser for {spec.Kind}.");
        }
    }
}
