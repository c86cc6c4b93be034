using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// Distance along the road network from many sites to their nearest town (or any set of target
/// points, e.g. wells), in metres: straight geodesic leg from the site to the nearest road point,
/// plus the shortest path along roads, plus the town's straight leg to its own nearest road point.
/// </summary>
/// <remarks>
/// One multi-source Dijkstra from all towns at once (each town enters the graph at the two ends
/// of the segment it snaps to, splitting that segment virtually) when the instance is built, then
/// one nearest-segment lookup per site (<see cref="From"/>, safe to call from several threads), so
/// the cost is O((V + E) log V + sites · log E) instead of one route per site.
/// </remarks>
public sealed class NetworkAccess
{
    readonly RoadGraph _graph;
    // Towns attach to a segment; remembered per segment (array chaining) so a site on the same
    // segment can reach the town directly rather than via a segment end.
    readonly int[] _firstTown, _nextTown;
    readonly double[] _townPos, _townLeg, _dist;

    /// <summary>
    /// Network distance in metres from each site (lon/lat geometry; points, lines or polygons) to the
    /// nearest town, in input order. Null for an empty site, when no town is reachable from the site's
    /// road component, or when the graph or the town list is empty.
    /// </summary>
    public static double?[] Compute(IReadOnlyList<Geometry> sites, RoadGraph graph, IReadOnlyList<Point> towns)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var access = new NetworkAccess(graph, towns);
        var result = new double?[sites.Count];
        for (int i = 0; i < sites.Count; i++) result[i] = access.From(sites[i]);
        return result;
    }

    /// <summary>
    /// Runs the search from <paramref name="towns"/> over <paramref name="graph"/>; <paramref name="ct"/>
    /// is checked every few thousand nodes (<see cref="OperationCanceledException"/>).
    /// </summary>
    public NetworkAccess(RoadGraph graph, IReadOnlyList<Point> towns, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(towns);
        _graph = graph;
        int segments = graph.SegmentCount;
        _firstTown = new int[segments];
        Array.Fill(_firstTown, -1);
        _nextTown = new int[towns.Count];
        _townPos = new double[towns.Count];
        _townLeg = new double[towns.Count];
        _dist = new double[graph.NodeCount];
        Array.Fill(_dist, double.PositiveInfinity);
        if (segments == 0) return;
        var dist = _dist;
        var queue = new PriorityQueue<int, double>();

        for (int t = 0; t < towns.Count; t++)
        {
            var town = towns[t];
            _nextTown[t] = -1;
            if (town is null || town.IsEmpty) continue;
            var snap = graph.Snap(town.X, town.Y)!.Value;
            int s = snap.Segment;
            _townPos[t] = snap.FromStartM;
            _townLeg[t] = snap.LegM;
            _nextTown[t] = _firstTown[s];
            _firstTown[s] = t;
            Relax(graph.SegFrom[s], snap.LegM + snap.FromStartM);
            Relax(graph.SegTo[s], snap.LegM + graph.SegLengthM[s] - snap.FromStartM);
        }

        void Relax(int node, double d)
        {
            if (d < dist[node]) { dist[node] = d; queue.Enqueue(node, d); }
        }

        // Dijkstra with lazy deletion: stale queue entries are skipped when popped.
        var start = graph.AdjStart;
        var target = graph.AdjTarget;
        var weight = graph.AdjWeight;
        int popped = 0;
        while (queue.TryDequeue(out int u, out double du))
        {
            if ((++popped & 4095) == 0) ct.ThrowIfCancellationRequested();
            if (du > dist[u]) continue;
            for (int e = start[u]; e < start[u + 1]; e++)
            {
                int v = target[e];
                double dv = du + weight[e];
                if (dv < dist[v]) { dist[v] = dv; queue.Enqueue(v, dv); }
            }
        }
    }

    /// <summary>
    /// Network distance in metres from <paramref name="site"/> to the nearest town; null for an empty
    /// site, an empty graph or no reachable town. <paramref name="ct"/> as in <see cref="RoadGraph.Snap(Geometry, CancellationToken)"/>.
    /// </summary>
    public double? From(Geometry site, CancellationToken ct = default)
    {
        if (site is null || site.IsEmpty || _graph.SegmentCount == 0) return null;
        var snap = _graph.Snap(site, ct)!.Value;
        int s = snap.Segment;
        double best = Math.Min(
            snap.FromStartM + _dist[_graph.SegFrom[s]],
            _graph.SegLengthM[s] - snap.FromStartM + _dist[_graph.SegTo[s]]);
        for (int t = _firstTown[s]; t >= 0; t = _nextTown[t])
            best = Math.Min(best, Math.Abs(snap.FromStartM - _townPos[t]) + _townLeg[t]);
        return double.IsFinite(best) ? snap.LegM + best : null;
    }
}
