using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Scoring;

/// <summary>The nearest point of the road network to a geometry.</summary>
/// <param name="Segment">Index of the road segment the point lies on.</param>
/// <param name="Lon">Longitude of the point on the road, degrees.</param>
/// <param name="Lat">Latitude of the point on the road, degrees.</param>
/// <param name="FromStartM">Geodesic metres from the segment's start node to the point.</param>
/// <param name="LegM">Geodesic metres from the geometry to the point (0 when it touches the road).</param>
public readonly record struct RoadSnap(int Segment, double Lon, double Lat, double FromStartM, double LegM);

/// <summary>
/// Immutable in-memory road network built from lon/lat LineStrings (SRID 4326). Every vertex is
/// a node (vertices closer than the snap tolerance merge, so lines sharing a vertex connect);
/// every pair of consecutive vertices is an undirected edge weighted by its geodesic length in
/// metres. Lines that merely cross without a shared vertex do not connect (as in pgRouting).
/// </summary>
public sealed class RoadGraph
{
    /// <summary>Default vertex snap tolerance in degrees (about 1 cm).</summary>
    public const double DefaultSnapToleranceDeg = 1e-7;

    internal readonly double[] NodeLon;
    internal readonly double[] NodeLat;
    internal readonly int[] SegFrom;
    internal readonly int[] SegTo;
    internal readonly double[] SegLengthM;
    // Compressed adjacency (CSR): the edges of node i are AdjTarget/AdjWeight[AdjStart[i]..AdjStart[i+1]).
    internal readonly int[] AdjStart;
    internal readonly int[] AdjTarget;
    internal readonly double[] AdjWeight;

    // The index works in "scaled degrees" (lon × cos(mean lat), lat), so planar nearest-neighbour
    // distances are nearly proportional to metres within a region; final lengths are geodesic.
    private readonly double _xScale;
    private readonly STRtree<int> _index;

    private RoadGraph(List<double> lon, List<double> lat, List<int> from, List<int> to)
    {
        NodeLon = [.. lon];
        NodeLat = [.. lat];
        SegFrom = [.. from];
        SegTo = [.. to];
        int n = NodeLon.Length, m = SegFrom.Length;
        SegLengthM = new double[m];
        for (int s = 0; s < m; s++)
            SegLengthM[s] = Geodesic.Distance(NodeLon[SegFrom[s]], NodeLat[SegFrom[s]], NodeLon[SegTo[s]], NodeLat[SegTo[s]]);

        AdjStart = new int[n + 1];
        for (int s = 0; s < m; s++) { AdjStart[SegFrom[s] + 1]++; AdjStart[SegTo[s] + 1]++; }
        for (int i = 0; i < n; i++) AdjStart[i + 1] += AdjStart[i];
        AdjTarget = new int[2 * m];
        AdjWeight = new double[2 * m];
        var fill = (int[])AdjStart.Clone();
        for (int s = 0; s < m; s++)
        {
            int a = SegFrom[s], b = SegTo[s];
            AdjTarget[fill[a]] = b; AdjWeight[fill[a]++] = SegLengthM[s];
            AdjTarget[fill[b]] = a; AdjWeight[fill[b]++] = SegLengthM[s];
        }

        double meanLat = n == 0 ? 0 : NodeLat.Average();
        _xScale = Math.Cos(meanLat * Math.PI / 180);
        _index = new STRtree<int>();
        for (int s = 0; s < m; s++)
        {
            var env = new Envelope(
                NodeLon[SegFrom[s]] * _xScale, NodeLon[SegTo[s]] * _xScale, NodeLat[SegFrom[s]], NodeLat[SegTo[s]]);
            _index.Insert(env, s);
        }
        _index.Build(); // build now so concurrent queries never race on the lazy build
    }

    /// <summary>Number of nodes after snapping.</summary>
    public int NodeCount => NodeLon.Length;

    /// <summary>Number of edges (road segments of non-zero length).</summary>
    public int SegmentCount => SegFrom.Length;

    /// <summary>
    /// Builds the graph from LineStrings and MultiLineStrings in lon/lat degrees; empty and other
    /// geometries are ignored. Vertices within <paramref name="snapToleranceDeg"/> become one node.
    /// </summary>
    public static RoadGraph Build(IEnumerable<Geometry> roads, double snapToleranceDeg = DefaultSnapToleranceDeg)
    {
        ArgumentNullException.ThrowIfNull(roads);
        if (!(snapToleranceDeg > 0)) throw new ArgumentOutOfRangeException(nameof(snapToleranceDeg), "Tolerance must be positive.");
        var lon = new List<double>();
        var lat = new List<double>();
        var from = new List<int>();
        var to = new List<int>();
        // Grid hash for snapping: cell -> first node, chained through nextInCell.
        var cellHead = new Dictionary<(long, long), int>();
        var nextInCell = new List<int>();

        int NodeFor(double x, double y)
        {
            long cx = (long)Math.Floor(x / snapToleranceDeg), cy = (long)Math.Floor(y / snapToleranceDeg);
            for (long i = cx - 1; i <= cx + 1; i++)
            {
                for (long j = cy - 1; j <= cy + 1; j++)
                {
                    if (!cellHead.TryGetValue((i, j), out int k)) continue;
                    for (; k >= 0; k = nextInCell[k])
                    {
                        double dx = lon[k] - x, dy = lat[k] - y;
                        if (dx * dx + dy * dy <= snapToleranceDeg * snapToleranceDeg) return k;
                    }
                }
            }
            int id = lon.Count;
            lon.Add(x);
            lat.Add(y);
            nextInCell.Add(cellHead.TryGetValue((cx, cy), out int head) ? head : -1);
            cellHead[(cx, cy)] = id;
            return id;
        }

        foreach (var road in roads)
        {
            if (road is null || road.IsEmpty) continue;
            for (int g = 0; g < road.NumGeometries; g++)
            {
                if (road.GetGeometryN(g) is not LineString line) continue;
                var seq = line.CoordinateSequence;
                int previous = -1;
                for (int i = 0; i < seq.Count; i++)
                {
                    int node = NodeFor(seq.GetX(i), seq.GetY(i));
                    if (previous >= 0 && previous != node) { from.Add(previous); to.Add(node); }
                    previous = node;
                }
            }
        }
        return new RoadGraph(lon, lat, from, to);
    }

    /// <summary>
    /// Nearest point on the network to <paramref name="geometry"/> (lon/lat degrees; points,
    /// lines or polygons: measured from the geometry itself, not its centroid). Null when the
    /// graph has no segments or the geometry is empty. <paramref name="ct"/> is checked for every
    /// segment measured (<see cref="OperationCanceledException"/>).
    /// </summary>
    public RoadSnap? Snap(Geometry geometry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsEmpty || SegmentCount == 0) return null;
        if (geometry is Point p) return Snap(p.X, p.Y);

        var scaled = geometry.Copy();
        scaled.Apply(new ScaleFilter(_xScale));
        scaled.GeometryChanged();
        var shape = new PlanarShape(scaled);
        int seg = _index.NearestNeighbour(scaled.EnvelopeInternal, -1, new GeometryToSegment(this, shape, scaled.Factory, ct));
        var segLine = SegmentLine(seg, scaled.Factory);
        var (onSite, onRoad) = shape.NearestPoints(segLine);
        double sx = onSite.X / _xScale, sy = onSite.Y, rx = onRoad.X / _xScale, ry = onRoad.Y;
        double leg = shape.Distance(segLine) == 0 ? 0 : Geodesic.Distance(sx, sy, rx, ry);
        return MakeSnap(seg, rx, ry, leg);
    }

    /// <summary>Nearest point on the network to a lon/lat point (degrees); null when the graph is empty.</summary>
    public RoadSnap? Snap(double lon, double lat)
    {
        if (SegmentCount == 0) return null;
        double qx = lon * _xScale;
        int seg = _index.NearestNeighbour(new Envelope(qx, qx, lat, lat), -1, new PointToSegment(this, qx, lat));
        var (t, _) = Project(seg, qx, lat);
        int a = SegFrom[seg], b = SegTo[seg];
        double rx = NodeLon[a] + t * (NodeLon[b] - NodeLon[a]);
        double ry = NodeLat[a] + t * (NodeLat[b] - NodeLat[a]);
        return MakeSnap(seg, rx, ry, Geodesic.Distance(lon, lat, rx, ry));
    }

    private RoadSnap MakeSnap(int seg, double lon, double lat, double legM)
    {
        int a = SegFrom[seg];
        double fromStart = Math.Min(SegLengthM[seg], Geodesic.Distance(NodeLon[a], NodeLat[a], lon, lat));
        return new RoadSnap(seg, lon, lat, fromStart, legM);
    }

    // Parameter t in [0, 1] of the closest point on segment s to (qx, qy) in scaled space, and the squared distance.
    private (double T, double Dist2) Project(int s, double qx, double qy)
    {
        double ax = NodeLon[SegFrom[s]] * _xScale, ay = NodeLat[SegFrom[s]];
        double bx = NodeLon[SegTo[s]] * _xScale, by = NodeLat[SegTo[s]];
        double dx = bx - ax, dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.Clamp(((qx - ax) * dx + (qy - ay) * dy) / len2, 0, 1);
        double ex = ax + t * dx - qx, ey = ay + t * dy - qy;
        return (t, ex * ex + ey * ey);
    }

    private LineString SegmentLine(int s, GeometryFactory factory) => factory.CreateLineString(
    [
        new Coordinate(NodeLon[SegFrom[s]] * _xScale, NodeLat[SegFrom[s]]),
        new Coordinate(NodeLon[SegTo[s]] * _xScale, NodeLat[SegTo[s]]),
    ]);

    // Item distances for the STRtree search; the query is the item that is not a segment index (-1).
    private sealed class PointToSegment(RoadGraph graph, double qx, double qy) : IItemDistance<Envelope, int>
    {
        public double Distance(IBoundable<Envelope, int> item1, IBoundable<Envelope, int> item2)
        {
            int s = item1.Item >= 0 ? item1.Item : item2.Item;
            return Math.Sqrt(graph.Project(s, qx, qy).Dist2);
        }
    }

    private sealed class GeometryToSegment(RoadGraph graph, PlanarShape shape, GeometryFactory factory, CancellationToken ct) : IItemDistance<Envelope, int>
    {
        public double Distance(IBoundable<Envelope, int> item1, IBoundable<Envelope, int> item2)
        {
            ct.ThrowIfCancellationRequested();
            int s = item1.Item >= 0 ? item1.Item : item2.Item;
            return shape.Distance(graph.SegmentLine(s, factory));
        }
    }

    private sealed class ScaleFilter(double xScale) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++) seq.SetX(i, seq.GetX(i) * xScale);
        }
    }
}
