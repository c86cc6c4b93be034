using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Import;

/// <summary>
/// Matches a file's own field names to a collection's properties before its rows are read, so no field
/// is lost without a word. A Shapefile's dBase names hold 10 characters and are often upper case:
/// <c>completed_on</c> arrives as <c>completed_</c> (GDAL, ArcGIS) or <c>completed</c> (our exports),
/// so for Shapefiles a name is matched in any case, through <see cref="ShapefileNames"/>, and, when it is
/// exactly 10 characters long, as the start of one property's name. Fields that match nothing are
/// reported as warnings; an explicit mapping always wins.
/// </summary>
public static class SourceFields
{
    /// <summary>dBase field names hold at most this many characters; longer names arrive cut to it.</summary>
    public const int DbaseNameLength = 10;

    /// <summary>The names our Shapefile exports give properties longer than 10 characters (docs/import-export.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> ShapefileNames = new Dictionary<string, string>
    {
        ["completed_on"] = "completed",
        ["capacity_households"] = "capacity",
        ["separate_kind"] = "sep_kind",
        ["parent_code"] = "parent",
    };

    /// <summary>
    /// The mapping {property: source field} to read <paramref name="fields"/> with (the explicit
    /// <paramref name="mapping"/> plus the Shapefile names found), and a warning for each field renamed
    /// (rule <c>renamed</c>) or left out (rule <c>dropped</c>). <paramref name="ignore"/>: fields that are
    /// not data (coordinate columns, KML styling), in any case.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Mapping, List<RowError> Warnings) Resolve(
        CollectionSpec c, IEnumerable<string> fields, IReadOnlyDictionary<string, string>? mapping, bool dbaseNames, IEnumerable<string> ignore)
    {
        var result = new Dictionary<string, string>(mapping ?? new Dictionary<string, string>());
        var sources = result.Values.ToHashSet(StringComparer.Ordinal);
        var skip = ignore.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var list = fields.Where(f => !sources.Contains(f) && !skip.Contains(f)).ToList();
        // Properties the file fills under their own name come first, whatever their column order.
        var filled = result.Keys.Concat(list.Where(f => c.Property(f) is not null)).ToHashSet(StringComparer.Ordinal);
        var warnings = new List<RowError>();
        foreach (var field in list)
        {
            if (c.Property(field) is not null)
            {
                if (result.TryGetValue(field, out var from))
                    warnings.Add(Dropped(field, $"{field} was not imported: the mapping reads {field} from {from}."));
                continue;
            }
            var (target, why) = dbaseNames ? MatchDbaseName(c, field) : (null, null);
            if (target is null)
                warnings.Add(Dropped(field, why ?? $"{field} is not a property of {c.Id} and was not imported; name it in mapping to keep it (properties: {string.Join(", ", c.Properties.Select(p => p.Name))})."));
            else if (!filled.Add(target))
                warnings.Add(Dropped(field, $"{field} was not imported: {target} is already read from {(result.TryGetValue(target, out var other) ? other : target)}."));
            else
            {
                result[target] = field;
                warnings.Add(new RowError(0, field, Rules.Renamed, $"{field} was read as {target} (Shapefile field names are cut to {DbaseNameLength} characters, often in upper case)."));
            }
        }
        return (result, warnings);
    }

    static (string? Target, string? Why) MatchDbaseName(CollectionSpec c, string field)
    {
        if (c.Properties.FirstOrDefault(p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase)) is { } same) return (same.Name, null);
        if (ShapefileNames.FirstOrDefault(n => n.Value.Equals(field, StringComparison.OrdinalIgnoreCase) && c.Property(n.Key) is not null) is { Key: { } exported })
            return (exported, null);
        if (field.Length != DbaseNameLength) return (null, null);
        var starts = c.Properties.Where(p => p.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase)).Select(p => p.Name).ToList();
        return starts.Count switch
        {
            1 => (starts[0], null),
            0 => (null, null),
            _ => (null, $"{field} could be any of {string.Join(", ", starts)} and was not imported; name it in mapping."),
        };
    }

    static RowError Dropped(string field, string message) => new(0, field, Rules.Dropped, message);
}
