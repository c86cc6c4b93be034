using NetTopologySuite.Geometries;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Ogc.Cql2;

namespace RelocationPlanner.Data.Ogc;

/// <summary>
/// What an OGC items request selects from one collection: bbox, datetime, CQL2 filter and
/// queryable parameters, ANDed (Features Part 3, /req/filter/mixing-expressions) into one
/// <see cref="SqlWhere"/> that the page and its count share.
/// </summary>
public sealed class ItemsQuery(CollectionSpec collection)
{
    public CollectionSpec Collection { get; } = collection;
    public SqlWhere Where { get; } = new();

    /// <summary>Features whose geometry intersects a storage polygon (the bbox, already in lon/lat).</summary>
    public void AddBox(Polygon box)
    {
        var g = Where.BindGeometry(box);
        Where.Add($"t.geom && {g} AND ST_Intersects(t.geom, {g})");
    }

    /// <summary>
    /// The datetime parameter on a dated collection: a feature's temporal extent is its works,
    /// from its first date (planned, else started, else completed) to its completion (open while
    /// not completed); a feature without any date has none and matches (Part 1, fc-time-response C).
    /// Collections without dates have no temporal geometry: every feature matches.
    /// </summary>
    public void AddDays(DaySpan span)
    {
        if (!Queryables.IsDated(Collection)) return;
        var parts = new List<string>();
        if (span.End is { } end) parts.Add($"coalesce(t.planned_on, t.started_on, t.completed_on) <= {Where.Bind(end, NpgsqlDbType.Date)}");
        if (span.Start is { } start) parts.Add($"(t.completed_on IS NULL OR t.completed_on >= {Where.Bind(start, NpgsqlDbType.Date)})");
        if (parts.Count == 0) return;
        Where.Add($"(coalesce(t.planned_on, t.started_on, t.completed_on) IS NULL OR ({string.Join(" AND ", parts)}))");
    }

    /// <summary>A CQL2 filter (text or JSON, parsed); geometry literals are in <paramref name="filterCrs"/>.</summary>
    public void AddFilter(CqlExpression filter, OgcCrs filterCrs) => CqlSql.AddTo(Where, filter, Collection, filterCrs);

    /// <summary>?name=value for a queryable; false when the value does not fit its type.</summary>
    public bool AddEquals(QueryableProperty q, string value) => CqlSql.AddEquals(Where, q, value);
}
