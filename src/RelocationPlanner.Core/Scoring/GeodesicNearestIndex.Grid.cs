using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// Nearest features for every cell centre of a regular grid (the suitability surface). Cells are
/// taken in square blocks about twice the layer's mean item spacing wide: one ordinary search from the
/// block's centre bounds the answer for every cell in the block (nearest ≤ centre's distance + the
/// block's half-diagonal), so a single tree query collects every candidate that can win for any
/// cell, and each cell then ranks those few candidates in its own tangent plane and measures the
/// close ones with Vincenty — the same answer as <see cref="NearestToPoint"/> per cell, without a
/// tree search per cell. Blocks run in parallel.
/// </summary>
public sealed partial class GeodesicNearestIndex
{
    const int MaxBlockSide = 32;
    // Upper bound of metres per degree (latitude near the poles; longitude at the equator with the
    // prime-vertical radius), so a half-diagonal computed with it is never short.
    const double MaxMetresPerDeg = 111_700.0;

    /// <summary>
    /// The nearest feature to every cell centre of <paramref name="grid"/> (index j·Columns + i)
    /// among those <paramref name="accept"/> allows; null where nothing qualifies. <paramref name="ct"/>
    /// is checked for every block and grid line (<see cref="OperationCanceledException"/>).
    /// </summary>
    public NearestHit?[] NearestOnGrid(LonLatGrid grid, Func<int, bool>? accept = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var result = new NearestHit?[grid.Count];
        if (_itemFeature.Length == 0 || grid.Count == 0) return result;
        double midLat = grid.CentreLat(grid.Rows / 2);
        double cellM = Math.Max(1e-3, Math.Min(grid.DLon * MetresPerDegLonEquator * Math.Cos(midLat * DegToRad), grid.DLat * MinMetresPerDegLat));
        // Blocks about twice the mean item spacing: a block's two tree queries are then shared by
        // dozens of cells while each cell ranks only a few dozen candidates (measured on the 200k case).
        int k = Math.Clamp((int)Math.Round(2 * _initialRadiusM / cellM), 1, MaxBlockSide);
        int bx = (grid.Columns + k - 1) / k, by = (grid.Rows + k - 1) / k;
        Parallel.For(0, bx * by, () => new List<int>(), (b, state, scratch) =>
        {
            // A cancelled block stops the loop; the loop, not each block, throws.
            try { NearestInBlock(grid, b % bx * k, b / bx * k, k, accept, result, scratch, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { state.Stop(); }
            return scratch;
        }, _ => { });
        ct.ThrowIfCancellationRequested();
        return result;
    }

    void NearestInBlock(LonLatGrid grid, int i0, int j0, int k, Func<int, bool>? accept, NearestHit?[] result, List<int> candidates, CancellationToken ct)
    {
        int i1 = Math.Min(i0 + k, grid.Columns), j1 = Math.Min(j0 + k, grid.Rows);
        double lonA = grid.CentreLon(i0), lonB = grid.CentreLon(i1 - 1), latA = grid.CentreLat(j0), latB = grid.CentreLat(j1 - 1);
        double cLon = (lonA + lonB) / 2, cLat = (latA + latB) / 2;
        if (NearestToPoint(cLon, cLat, accept, ct) is not { } centre) return;

        // Every cell centre is within h of the block centre, so its nearest feature is within
        // centre + h of it (triangle inequality); 1 % margin for the flat half-diagonal.
        double cosMax = latA <= 0 && latB >= 0 ? 1 : Math.Cos(Math.Min(Math.Abs(latA), Math.Abs(latB)) * DegToRad);
        double halfW = (lonB - lonA) / 2 * MaxMetresPerDeg * cosMax, halfH = (latB - latA) / 2 * MaxMetresPerDeg;
        double reach = centre.DistanceM + Math.Sqrt(halfW * halfW + halfH * halfH) * 1.01 + 1;

        candidates.Clear();
        _tree.Query(Rectangle(new Envelope(lonA, lonB, latA, latB), reach), new Visitor(item =>
        {
            if (accept is null || accept(_itemFeature[item])) candidates.Add(item);
        }));
        Span<double> approx = candidates.Count <= 512 ? stackalloc double[candidates.Count] : new double[candidates.Count];
        for (int j = j0; j < j1; j++)
        {
            ct.ThrowIfCancellationRequested();
            double lat = grid.CentreLat(j);
            for (int i = i0; i < i1; i++)
            {
                double lon = grid.CentreLon(i);
                var plane = new LocalPlane(lon, lat);
                double best = double.PositiveInfinity;
                for (int c = 0; c < candidates.Count; c++)
                {
                    approx[c] = plane.Distance(this, candidates[c], out _, out _);
                    if (approx[c] < best) best = approx[c];
                }
                double bound = Bound(best);
                NearestHit? hit = null;
                for (int c = 0; c < candidates.Count; c++)
                {
                    if (approx[c] > bound) continue;
                    int item = candidates[c];
                    plane.Distance(this, item, out double fx, out double fy);
                    var h = new NearestHit(_itemFeature[item], Geodesic.Distance(lon, lat, fx, fy), fx, fy, lon, lat);
                    if (Beats(h, hit)) hit = h;
                }
                result[j * grid.Columns + i] = hit;
            }
        }
    }
}
