using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Scoring;

/// <summary>The nearest feature found by <see cref="GeodesicNearestIndex"/>.</summary>
/// <param name="Feature">Index of the feature in the list the index was built from.</param>
/// <param name="DistanceM">Geodesic metres (WGS84) between the site and the feature; 0 when they touch.</param>
/// <param name="Lon">Longitude of the nearest point on the feature, degrees.</param>
/// <param name="Lat">Latitude of the nearest point on the feature, degrees.</param>
/// <param name="SiteLon">Longitude of the nearest point on the site, degrees.</param>
/// <param name="SiteLat">Latitude of the nearest point on the site, degrees.</param>
public readonly record struct NearestHit(int Feature, double DistanceM, double Lon, double Lat, double SiteLon, double SiteLat);

/// <summary>
/// Geodesic nearest-feature search over points or lines (lon/lat degrees) for bulk scoring.
/// An STRtree over segment (or point) envelopes in degrees gives candidates inside a rectangle
/// that provably contains every feature within r metres of the site; candidates are ranked by a
/// local planar metric (metres at the site's latitude) and the best few (within 0.5 % + 1 m of the
/// best) are measured exactly with Vincenty, so the answer is the geodesic nearest, not the planar
/// one. The radius starts near the layer's mean spacing and grows until a candidate is found.
/// Immutable after construction; safe for concurrent queries.
/// </summary>
public sealed partial class GeodesicNearestIndex
{
    const double DegToRad = Math.PI / 180;
    // Lower bounds of metres per degree on WGS84: latitude (meridian radius at the equator) and
    // longitude at the equator (scaled by cos(latitude) where used). Slightly rounded down.
    const double MinMetresPerDegLat = 110_574.0;
    const double MetresPerDegLonEquator = 111_319.0;
    const double MaxRadiusM = 4_000_000;

    readonly double[] _x, _y;     // vertices (lon, lat); feature f owns [_start[f], _start[f+1])
    readonly int[] _start;
    readonly int[] _itemFeature;  // tree item -> feature
    readonly int[] _itemVertex;   // tree item -> first vertex (segment = vertex, vertex + 1; point = vertex)
    readonly bool _isPoints;
    readonly STRtree<int> _tree = new();
    readonly double _initialRadiusM;

    /// <summary>Number of features indexed.</summary>
    public int Count => _start.Length - 1;

    /// <summary>
    /// Indexes points (Point/MultiPoint) or lines (LineString/MultiLineString), lon/lat degrees. A
    /// feature that is null or empty is kept as a slot but never found.
    /// </summary>
    public GeodesicNearestIndex(IReadOnlyList<Geometry?> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _isPoints = features.All(g => g is null || g.IsEmpty || g is Point or MultiPoint);
        var xs = new List<double>();
        var ys = new List<double>();
        var items = new List<(int Feature, int Vertex)>();
        _start = new int[features.Count + 1];
        for (int f = 0; f < features.Count; f++)
        {
            _start[f] = xs.Count;
            var g = features[f];
            if (g is null || g.IsEmpty) continue;
            for (int p = 0; p < g.NumGeometries; p++)
            {
                var part = g.GetGeometryN(p);
                var seq = part switch
                {
                    Point pt => pt.CoordinateSequence,
                    LineString ls => ls.CoordinateSequence,
                    _ => throw new ArgumentException($"Feature {f} is a {part.GeometryType}; only points or lines are indexed.", nameof(features)),
                };
                int first = xs.Count;
                for (int i = 0; i < seq.Count; i++) { xs.Add(seq.GetX(i)); ys.Add(seq.GetY(i)); }
                if (_isPoints) items.Add((f, first));
                else for (int i = first; i < xs.Count - 1; i++) items.Add((f, i));
                // Parts of one multi-line must not be joined: a separator vertex would make a false
                // segment, so each part's last vertex starts no item.
            }
        }
        _start[features.Count] = xs.Count;
        _x = [.. xs];
        _y = [.. ys];
        _itemFeature = items.Select(i => i.Feature).ToArray();
        _itemVertex = items.Select(i => i.Vertex).ToArray();
        for (int i = 0; i < _itemVertex.Length; i++)
        {
            int v = _itemVertex[i];
            var env = _isPoints ? new Envelope(_x[v], _x[v], _y[v], _y[v]) : new Envelope(_x[v], _x[v + 1], _y[v], _y[v + 1]);
            _tree.Insert(env, i);
        }
        _tree.Build(); // build now: the lazy build is not safe under concurrent queries

        // Start searching at about the mean spacing of items, so most searches succeed at once.
        if (items.Count > 0)
        {
            var all = new Envelope();
            for (int i = 0; i < _x.Length; i++) all.ExpandToInclude(_x[i], _y[i]);
            double midLat = (all.MinY + all.MaxY) / 2;
            double area = Math.Max(1, all.Width * MetresPerDegLonEquator * Math.Cos(midLat * DegToRad)) * Math.Max(1, all.Height * MinMetresPerDegLat);
            _initialRadiusM = Math.Max(50, Math.Sqrt(area / items.Count));
        }
    }

    /// <summary>
    /// The feature nearest to <paramref name="site"/> (lon/lat geometry of any type; polygons are
    /// measured from their area, 0 inside) among those <paramref name="accept"/> allows (null = all).
    /// Null when nothing qualifies within 4,000 km or the site is empty.
    /// </summary>
    public NearestHit? Nearest(Geometry site, Func<int, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        return Nearest(new PreparedSite(site), accept);
    }

    /// <summary>
    /// As <see cref="Nearest(Geometry, Func{int, bool}?)"/> for a site prepared once for several
    /// layers. <paramref name="ct"/> is checked for every candidate, so a search over a huge site stops
    /// within moments of a cancellation (<see cref="OperationCanceledException"/>).
    /// </summary>
    public NearestHit? Nearest(PreparedSite site, Func<int, bool>? accept = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.Geometry.IsEmpty || _itemFeature.Length == 0) return null;
        if (site.Shape is null) return NearestToPoint(site.Plane.Lon0, site.Plane.Lat0, accept, ct);
        return NearestToGeometry(site, accept, ct);
    }

    /// <summary>The feature nearest to a lon/lat point; see <see cref="Nearest(Geometry, Func{int, bool}?)"/>.</summary>
    public NearestHit? NearestToPoint(double lon, double lat, Func<int, bool>? accept = null, CancellationToken ct = default)
    {
        if (_itemFeature.Length == 0) return null;
        var plane = new LocalPlane(lon, lat);
        return Search(new Envelope(lon, lon, lat, lat), accept, ct,
            item => plane.Distance(this, item, out _, out _),
            (item, _) =>
            {
                plane.Distance(this, item, out double fx, out double fy);
                return new NearestHit(_itemFeature[item], Geodesic.Distance(lon, lat, fx, fy), fx, fy, lon, lat);
            });
    }

    NearestHit? NearestToGeometry(PreparedSite site, Func<int, bool>? accept, CancellationToken ct)
    {
        var plane = site.Plane;
        var shape = site.Shape!;
        var factory = site.Geometry.Factory;
        Func<int, bool>? inside = null;
        if (shape.CanLocate)
        {
            inside = item =>
            {
                var (x, y) = plane.ToPlane(_x[_itemVertex[item]], _y[_itemVertex[item]]);
                return shape.Contains(x, y);
            };
        }
        return Search(site.Geometry.EnvelopeInternal, accept, ct,
            item => shape.Distance(ItemGeometry(item, plane, factory)),
            (item, approx) =>
            {
                var (onSite, onItem) = shape.NearestPoints(ItemGeometry(item, plane, factory));
                var (sx, sy) = plane.ToLonLat(onSite.X, onSite.Y);
                var (fx, fy) = plane.ToLonLat(onItem.X, onItem.Y);
                double g = approx == 0 ? 0 : Geodesic.Distance(sx, sy, fx, fy);
                return new NearestHit(_itemFeature[item], g, fx, fy, sx, sy);
            }, touchingWins: true, inside);
    }

    /// <summary>
    /// The expanding-radius search shared by points and geometries: items within r metres of
    /// <paramref name="around"/> by the planar <paramref name="approx"/>, r growing until one is
    /// found; then <paramref name="exact"/> (geodesic) for every candidate that might beat the
    /// planar best. For a geometry (<paramref name="touchingWins"/>: planar 0 is exactly geodesic 0)
    /// that touches items, the lowest such feature is the answer without measuring the rest, and
    /// <paramref name="inside"/>, when given (big polygons), finds the items inside the site with a
    /// point-in-area test first, so only items of a lower feature than the best inside one are measured.
    /// </summary>
    NearestHit? Search(Envelope around, Func<int, bool>? accept, CancellationToken ct, Func<int, double> approx, Func<int, double, NearestHit> exact,
        bool touchingWins = false, Func<int, bool>? inside = null)
    {
        var found = new List<int>();
        var candidates = new List<(int Item, double Approx)>();
        for (double r = _initialRadiusM; r <= MaxRadiusM; r *= 4)
        {
            found.Clear();
            _tree.Query(Rectangle(around, r), new Visitor(item =>
            {
                ct.ThrowIfCancellationRequested();
                if (accept is null || accept(_itemFeature[item])) found.Add(item);
            }));
            if (found.Count == 0) continue;

            // Touching wins at 0, lowest feature first (the same answer the full ranking gives).
            int touching = -1;
            if (inside is not null)
            {
                foreach (int item in found)
                {
                    ct.ThrowIfCancellationRequested();
                    if ((touching < 0 || _itemFeature[item] < _itemFeature[touching]) && inside(item)) touching = item;
                }
            }
            candidates.Clear();
            double best = double.PositiveInfinity;
            foreach (int item in found)
            {
                if (touching >= 0 && _itemFeature[item] >= _itemFeature[touching]) continue;
                ct.ThrowIfCancellationRequested();
                double d = approx(item);
                if (d > r) continue; // may be beaten by something outside the rectangle: next round
                candidates.Add((item, d));
                if (d < best) best = d;
            }
            if (touching >= 0 || (touchingWins && best == 0))
            {
                foreach (var (item, d) in candidates)
                    if (d == 0 && (touching < 0 || _itemFeature[item] < _itemFeature[touching])) touching = item;
                return exact(touching, 0);
            }
            if (candidates.Count == 0) continue;
            double bound = Bound(best);
            NearestHit? hit = null;
            foreach (var (item, d) in candidates)
            {
                if (d > bound) continue;
                ct.ThrowIfCancellationRequested();
                var h = exact(item, d);
                if (Beats(h, hit)) hit = h;
            }
            return hit;
        }
        return null;
    }

    /// <summary>Planar distances above this may still be the geodesic nearest: measure them exactly.</summary>
    static double Bound(double planarBest) => planarBest * 1.005 + 1;

    /// <summary>Nearer wins; on a tie, the lower feature index (so answers do not depend on tree order).</summary>
    static bool Beats(NearestHit candidate, NearestHit? best) =>
        best is not { } b || candidate.DistanceM < b.DistanceM || (candidate.DistanceM == b.DistanceM && candidate.Feature < b.Feature);

    Geometry ItemGeometry(int item, LocalPlane plane, GeometryFactory factory)
    {
        int v = _itemVertex[item];
        var a = plane.ToPlane(_x[v], _y[v]);
        if (_isPoints) return factory.CreatePoint(new Coordinate(a.X, a.Y));
        var b = plane.ToPlane(_x[v + 1], _y[v + 1]);
        return factory.CreateLineString([new Coordinate(a.X, a.Y), new Coordinate(b.X, b.Y)]);
    }

    // A degree rectangle around env containing every point within r metres of it (1 % margin
    // covers the difference between a parallel and the geodesic at these ranges).
    static Envelope Rectangle(Envelope env, double r)
    {
        double dLat = r / MinMetresPerDegLat * 1.01 + 1e-9;
        double maxAbsLat = Math.Min(89.9, Math.Max(Math.Abs(env.MinY), Math.Abs(env.MaxY)) + dLat);
        double dLon = r / (MetresPerDegLonEquator * Math.Cos(maxAbsLat * DegToRad)) * 1.01 + 1e-9;
        return new Envelope(env.MinX - dLon, env.MaxX + dLon, env.MinY - dLat, env.MaxY + dLat);
    }

    /// <summary>
    /// Metres in a tangent plane at an origin (east = x, north = y) with the ellipsoid's radii of
    /// curvature there: accurate to well under 0.1 % over tens of kilometres, used only to rank.
    /// </summary>
    internal readonly struct LocalPlane
    {
        readonly double _lon0, _lat0, _kx, _ky;

        public double Lon0 => _lon0;
        public double Lat0 => _lat0;

        public LocalPlane(double lon0, double lat0)
        {
            _lon0 = lon0;
            _lat0 = lat0;
            (_kx, _ky) = Geodesic.MetresPerDegree(lat0);
        }

        public (double X, double Y) ToPlane(double lon, double lat) => ((lon - _lon0) * _kx, (lat - _lat0) * _ky);

        public (double Lon, double Lat) ToLonLat(double x, double y) => (_lon0 + x / _kx, _lat0 + y / _ky);

        public Geometry ToPlane(Geometry g)
        {
            var copy = g.Copy();
            copy.Apply(new PlaneFilter(this));
            copy.GeometryChanged();
            return copy;
        }

        /// <summary>Planar metres from the origin to an item; (fx, fy) is the item's nearest point in lon/lat.</summary>
        public double Distance(GeodesicNearestIndex index, int item, out double fx, out double fy)
        {
            int v = index._itemVertex[item];
            var (ax, ay) = ToPlane(index._x[v], index._y[v]);
            if (index._isPoints)
            {
                fx = index._x[v]; fy = index._y[v];
                return Math.Sqrt(ax * ax + ay * ay);
            }
            var (bx, by) = ToPlane(index._x[v + 1], index._y[v + 1]);
            double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            double t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
            double px = ax + t * dx, py = ay + t * dy;
            fx = index._x[v] + t * (index._x[v + 1] - index._x[v]);
            fy = index._y[v] + t * (index._y[v + 1] - index._y[v]);
            return Math.Sqrt(px * px + py * py);
        }

        sealed class PlaneFilter(LocalPlane plane) : IEntireCoordinateSequenceFilter
        {
            public bool Done => false;
            public bool GeometryChanged => true;
            public void Filter(CoordinateSequence seq)
            {
                for (int i = 0; i < seq.Count; i++)
                {
                    var (x, y) = plane.ToPlane(seq.GetX(i), seq.GetY(i));
                    seq.SetX(i, x);
                    seq.SetY(i, y);
                }
            }
        }
    }

    sealed class Visitor(Action<int> visit) : IItemVisitor<int>
    {
        public void VisitItem(int item) => visit(item);
    }
}
