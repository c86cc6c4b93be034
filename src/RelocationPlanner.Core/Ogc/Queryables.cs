using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Ogc;

/// <summary>What a queryable holds; decides which CQL2 operators and literals apply to it.</summary>
public enum QueryableType { Text, Integer, Number, Date, Geometry }

/// <summary>
/// One property a filter may name (Features Part 3): its public name, the column it reads (a
/// constant of the collection catalogue, never text from a request) and its type.
/// </summary>
public sealed record QueryableProperty(string Name, string Column, QueryableType Type, string Title, string[]? Allowed = null)
{
    public bool IsSpatial => Type == QueryableType.Geometry;
}

/// <summary>
/// The whitelist of queryables per collection: the public properties, the feature id and the
/// geometry (named <c>geometry</c>). Filters, queryable query parameters and the queryables
/// document are all built from this list, so a name outside it never reaches SQL.
/// </summary>
public static class Queryables
{
    public const string GeometryName = "geometry";

    /// <summary>The work dates of the infrastructure collections: their temporal extent (planned to completed).</summary>
    public static readonly string[] WorkDates = ["planned_on", "started_on", "completed_on"];

    static readonly Dictionary<string, IReadOnlyList<QueryableProperty>> ByCollection = Collections.All.ToDictionary(c => c.Id, Build);

    public static IReadOnlyList<QueryableProperty> Of(CollectionSpec c) => ByCollection[c.Id];

    public static QueryableProperty? Find(CollectionSpec c, string name) => Of(c).FirstOrDefault(q => q.Name == name);

    /// <summary>Whether the collection's features carry work dates, so <c>datetime</c> filters them.</summary>
    public static bool IsDated(CollectionSpec c) => WorkDates.All(d => c.Property(d) is not null);

    /// <summary>The JSON Schema format of the collection's geometry: geometry-linestring, or geometry-any for a mix.</summary>
    public static string GeometryFormat(CollectionSpec c) =>
        c.GeometryTypes.Length == 1 ? "geometry-" + c.GeometryTypes[0].ToLowerInvariant() : "geometry-any";

    static IReadOnlyList<QueryableProperty> Build(CollectionSpec c)
    {
        var list = new List<QueryableProperty> { new("id", "id", QueryableType.Integer, "Feature id") };
        foreach (var p in c.Properties)
            list.Add(new QueryableProperty(p.Name, p.Name, p.Kind switch
            {
                PropertyKind.Integer => QueryableType.Integer,
                PropertyKind.Decimal => QueryableType.Number,
                PropertyKind.Date => QueryableType.Date,
                _ => QueryableType.Text,
            }, Title(p.Name), p.Allowed));
        list.Add(new QueryableProperty(GeometryName, "geom", QueryableType.Geometry, "Geometry"));
        return list;
    }

    static string Title(string name) => char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');
}
