using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// One site geometry, already in a metric plane, measured against many short items (a point or a
/// one-segment line each): the inner step of every nearest search. A plain NTS distance walks all of
/// the site's edges for each item, so a polygon of n vertices near k items costs n·k — with both
/// growing with the polygon's size that is the super-linear cost of big polygons. From
/// <see cref="IndexFrom"/> vertices the site's edges go into a facet tree
/// (<see cref="IndexedFacetDistance"/>) and a polygon's area into an indexed point locator, so an
/// item costs O(log n). Smaller sites keep the plain path (same answers as before, less set-up).
/// Not thread-safe: one site is measured by one thread.
/// </summary>
internal sealed class PlanarShape
{
    /// <summary>Vertex count from which the indexes pay for their set-up (below it a plain scan is as fast).</summary>
    public const int IndexFrom = 64;

    readonly Geometry _shape;
    readonly IndexedFacetDistance? _edges;
    readonly IndexedPointInAreaLocator? _area;

    public PlanarShape(Geometry planar)
    {
        _shape = planar;
        if (planar.NumPoints < IndexFrom) return;
        _edges = new IndexedFacetDistance(planar);
        if (planar is IPolygonal) _area = new IndexedPointInAreaLocator(planar);
    }

    /// <summary>Planar distance to <paramref name="item"/>; 0 when it touches or lies inside the site.</summary>
    public double Distance(Geometry item)
    {
        if (_edges is null) return _shape.Distance(item);
        if (Inside(item)) return 0;
        return _edges.Distance(item);
    }

    /// <summary>The nearest point on the site and on <paramref name="item"/> (the same point when they meet).</summary>
    public (Coordinate OnSite, Coordinate OnItem) NearestPoints(Geometry item)
    {
        if (_edges is null)
        {
            var p = DistanceOp.NearestPoints(_shape, item);
            return (p[0], p[1]);
        }
        if (Inside(item)) return (item.Coordinate, item.Coordinate);
        var q = _edges.NearestPoints(item);
        return (q[0], q[1]);
    }

    /// <summary>True when the site is an indexed area (big polygon): <see cref="Contains"/> is then O(log n).</summary>
    public bool CanLocate => _area is not null;

    /// <summary>Whether a planar point lies inside the area or on its boundary (requires <see cref="CanLocate"/>).</summary>
    public bool Contains(double x, double y) => _area!.Locate(new Coordinate(x, y)) != Location.Exterior;

    // Like DistanceOp, an item is inside when its first point is: if only a later point is, the
    // item crosses the boundary and the edge distance is 0 anyway.
    bool Inside(Geometry item) => _area is not null && _area.Locate(item.Coordinate) != Location.Exterior;
}
