using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace RelocationPlanner.Core.DemoData;

/// <summary>
/// Small geometry helpers for the generator. Distances are in km on a local equirectangular
/// approximation (good to well under 1 % across one banner), coordinates in lon/lat degrees.
/// </summary>
internal static class DemoGeo
{
    private const double KmPerDegLat = 111.32;

    public static double KmPerDegLon(double lat) => KmPerDegLat * Math.Cos(lat * Math.PI / 180);

    public static double DistanceKm(Coordinate a, Coordinate b)
    {
        var dx = (b.X - a.X) * KmPerDegLon((a.Y + b.Y) / 2);
        var dy = (b.Y - a.Y) * KmPerDegLat;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Moves a coordinate by km east/north; the result is snapped to 6 decimals.</summary>
    public static Coordinate Offset(Coordinate c, double eastKm, double northKm) =>
        Round(new Coordinate(c.X + (eastKm / KmPerDegLon(c.Y)), c.Y + (northKm / KmPerDegLat)));

    public static Coordinate Round(Coordinate c) => new(Math.Round(c.X, 6), Math.Round(c.Y, 6));

    public static Coordinate Lerp(Coordinate a, Coordinate b, double t) =>
        new(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t));

    /// <summary>A random point (6 decimals) inside the area, or null after many misses.</summary>
    public static Coordinate? RandomPointIn(IPreparedGeometry area, DemoRandom rng, Func<Coordinate, bool>? accept = null)
    {
        var env = area.Geometry.EnvelopeInternal;
        var factory = area.Geometry.Factory;
        for (var i = 0; i < 5000; i++)
        {
            var c = Round(new Coordinate(rng.Range(env.MinX, env.MaxX), rng.Range(env.MinY, env.MaxY)));
            if (area.Contains(factory.CreatePoint(c)) && (accept is null || accept(c)))
            {
                return c;
            }
        }

        return null;
    }

    public static bool Inside(IPreparedGeometry area, Coordinate c) => area.Contains(area.Geometry.Factory.CreatePoint(c));

    /// <summary>
    /// A gently wiggling path from a to b: a vertex about every stepKm, displaced sideways by a
    /// smooth random curve that vanishes at both ends. Vertices that would leave the area fall
    /// back onto the straight line; null when even that leaves the area.
    /// </summary>
    public static List<Coordinate>? Wiggle(Coordinate a, Coordinate b, double stepKm, double amplitudeKm,
        DemoRandom rng, IPreparedGeometry area)
    {
        var length = DistanceKm(a, b);
        var n = Math.Max(1, (int)Math.Ceiling(length / stepKm));
        var (f1, f2) = (rng.Range(0.5, 1.5), rng.Range(1.5, 3.5));
        var (p1, p2) = (rng.Range(0, 2 * Math.PI), rng.Range(0, 2 * Math.PI));
        var amp = Math.Min(amplitudeKm, length / 6);
        var lonKm = KmPerDegLon((a.Y + b.Y) / 2);
        // Unit normal in km space, converted back to degrees per km.
        var (dx, dy) = ((b.X - a.X) * lonKm, (b.Y - a.Y) * KmPerDegLat);
        var norm = Math.Max(1e-9, Math.Sqrt((dx * dx) + (dy * dy)));
        var (nx, ny) = (-dy / norm, dx / norm);
        var result = new List<Coordinate> { Round(a) };
        for (var i = 1; i < n; i++)
        {
            var t = (double)i / n;
            var baseC = Lerp(a, b, t);
            var side = amp * Math.Sin(Math.PI * t) * ((0.7 * Math.Sin((2 * Math.PI * f1 * t) + p1)) + (0.3 * Math.Sin((2 * Math.PI * f2 * t) + p2)));
            var c = Offset(baseC, nx * side, ny * side);
            if (!Inside(area, c))
            {
                c = Round(baseC);
                if (!Inside(area, c))
                {
                    return null;
                }
            }

            result.Add(c);
        }

        result.Add(Round(b));
        return Dedupe(result);
    }

    /// <summary>The same path shifted sideways by km (vertices that would leave the area stay put).</summary>
    public static List<Coordinate> Parallel(IReadOnlyList<Coordinate> path, double sideKm, IPreparedGeometry area)
    {
        var (a, b) = (path[0], path[^1]);
        var lonKm = KmPerDegLon((a.Y + b.Y) / 2);
        var (dx, dy) = ((b.X - a.X) * lonKm, (b.Y - a.Y) * KmPerDegLat);
        var norm = Math.Max(1e-9, Math.Sqrt((dx * dx) + (dy * dy)));
        var (nx, ny) = (-dy / norm * sideKm, dx / norm * sideKm);
        return Dedupe(path.Select(c =>
        {
            var moved = Offset(c, nx, ny);
            return Inside(area, moved) ? moved : Round(c);
        }).ToList());
    }

    /// <summary>Cuts a path into pieces of roughly pieceKm (pieces share their end vertices).</summary>
    public static List<Coordinate[]> Split(IReadOnlyList<Coordinate> path, double pieceKm)
    {
        var pieces = new List<Coordinate[]>();
        var current = new List<Coordinate> { path[0] };
        var run = 0.0;
        for (var i = 1; i < path.Count; i++)
        {
            run += DistanceKm(path[i - 1], path[i]);
            current.Add(path[i]);
            if (run >= pieceKm && i < path.Count - 1)
            {
                pieces.Add([.. current]);
                current = [path[i]];
                run = 0;
            }
        }

        if (current.Count >= 2)
        {
            pieces.Add([.. current]);
        }

        return pieces;
    }

    public static List<Coordinate> Dedupe(List<Coordinate> coords)
    {
        var result = new List<Coordinate>(coords.Count);
        foreach (var c in coords)
        {
            if (result.Count == 0 || !result[^1].Equals2D(c))
            {
                result.Add(c);
            }
        }

        return result;
    }

    /// <summary>A roughly elliptic polygon (6-9 vertices) of the given radii in km, rotated.</summary>
    public static Polygon Blob(GeometryFactory factory, Coordinate centre, double rxKm, double ryKm, DemoRandom rng)
    {
        var n = rng.Int(6, 9);
        var rot = rng.Range(0, Math.PI);
        var ring = new Coordinate[n + 1];
        for (var i = 0; i < n; i++)
        {
            var a = (2 * Math.PI * i / n) + rng.Range(-0.15, 0.15);
            var (x, y) = (rxKm * Math.Cos(a) * rng.Range(0.85, 1.0), ryKm * Math.Sin(a) * rng.Range(0.85, 1.0));
            ring[i] = Offset(centre, (x * Math.Cos(rot)) - (y * Math.Sin(rot)), (x * Math.Sin(rot)) + (y * Math.Cos(rot)));
        }

        ring[n] = ring[0].Copy();
        if (!NetTopologySuite.Algorithm.Orientation.IsCCW(ring))
        {
            Array.Reverse(ring);
        }

        return factory.CreatePolygon(ring);
    }
}
