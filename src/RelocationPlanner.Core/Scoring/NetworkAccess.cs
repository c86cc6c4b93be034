using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// Distance along the road network from many sites to their nearest town (or any set of target
/// points, e.g. wells), in metres: straight geodesic leg from the site to the nearest road point,
/// plus the shortest path along roads, plus the town's straight leg to its own nearest road point.
/// </summary>
/// <remarks>
/// One multi-source Dijkstra from all towns at once (each town enters the graph at the two ends
/// of the segment it snaps to, splitting that segment virtually), then one nearest-segment lookup
/// per site, so the cost is O((V + E) log V + sites · log E) instead of one route per site.
/// </remarks>
public static class NetworkAccess
{
    /// <summary>
    /// Network distance in metres from each site (lon/lat geometry; points, lines or polygons) to the
    /// nearest town, in input order. Null for an empty site, when no town is reachable from the site's
    /// road component, or when the graph or the town list is empty.
    /// </summary>
    public static double?[] Compute(IReadOnlyList<Geometry> sites, RoadGraph graph, IReadOnlyList<Point> towns)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(towns);
        var result = new double?[sites.Count];
        if (graph.SegmentCount == 0 || towns.Count == 0) return result;

        // Towns attach to a segment; remember them per segment (array chaining) so a site on the
        // same segment can reach the town directly rather than via a segment end.
        int segments = graph.SegmentCount;
        var firstTown = new int[segments];
        Array.Fill(firstTown, -1);
        var nextTown = new int[towns.Count];
        var townPos = new double[towns.Count];
        var townLeg = new double[towns.Count];
        var dist = new double[graph.NodeCount];
        Array.Fill(dist, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();

        for (int t = 0; t < towns.Count; t++)
        {
            var town = towns[t];
            nextTown[t] = -1;
            if (town is null || town.IsEmpty) continue;
            var snap = graph.Snap(town.X, town.Y)!.Value;
            int s = snap.Segment;
            townPos[t] = snap.FromStartM;
            townLeg[t] = snap.LegM;
            nextTown[t] = firstTown[s];
            firstTown[s] = t;
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
        while (queue.TryDequeue(out int u, out double du))
        {
            if (du > dist[u]) continue;
            for (int e = start[u]; e < start[u + 1]; e++)
            {
                int v = target[e];
                double dv = du + weight[e];
                if (dv < dist[v]) { dist[v] = dv; queue.Enqueue(v, dv); }
            }
        }

        for (int i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            if (site is null || site.IsEmpty) continue;
            var snap = graph.Snap(site)!.Value;
            int s = snap.Segment;
            double best = Math.Min(
                snap.FromStartM + dist[graph.SegFrom[s]],
                graph.SegLengthM[s] - snap.FromStartM + dist[graph.SegTo[s]]);
            for (int t = firstTown[s]; t >= 0; t = nextTown[t])
                best = Math.Min(best, Math.Abs(snap.FromStartM - townPos[t]) + townLeg[t]);
            if (double.IsFinite(best)) result[i] = snap.LegM + best;
        }
        return result;
    }
}
