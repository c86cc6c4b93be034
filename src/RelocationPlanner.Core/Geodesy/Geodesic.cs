using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Geodesy;

/// <summary>
/// Geodesic distances on the WGS84 ellipsoid (Vincenty's inverse formula), so lengths agree
/// with PostGIS <c>geography</c> (which uses Karney's method) to well under 0.1 %.
/// Inputs are longitude/latitude in decimal degrees; outputs are metres.
/// </summary>
/// <remarks>
/// CGCS2000 (EPSG:4490) differs from WGS84 only in the flattening's 11th significant digit,
/// so the same numbers serve both. Vincenty converges slowly for nearly antipodal points
/// (thousands of kilometres apart, never a relocation distance); after the iteration limit
/// the last estimate is returned, accurate to about a metre there.
/// </remarks>
public static class Geodesic
{
    /// <summary>WGS84 semi-major axis, metres.</summary>
    public const double SemiMajorAxisM = 6378137.0;

    /// <summary>WGS84 flattening.</summary>
    public const double Flattening = 1 / 298.257223563;

    private const double SemiMinorAxisM = SemiMajorAxisM * (1 - Flattening);
    private const double DegToRad = Math.PI / 180.0;
    private const int MaxIterations = 200;

    /// <summary>
    /// Metres per degree of longitude and latitude at a latitude: the ellipsoid's prime-vertical and
    /// meridian radii of curvature there. Good to well under 0.1 % over tens of kilometres.
    /// </summary>
    public static (double Lon, double Lat) MetresPerDegree(double lat)
    {
        const double e2 = Flattening * (2 - Flattening);
        double s = Math.Sin(lat * DegToRad), w = Math.Sqrt(1 - e2 * s * s);
        return (SemiMajorAxisM / w * Math.Cos(lat * DegToRad) * DegToRad, SemiMajorAxisM * (1 - e2) / (w * w * w) * DegToRad);
    }

    /// <summary>
    /// Ellipsoidal distance in metres between two points given as longitude/latitude degrees.
    /// Returns 0 for identical points.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A latitude outside [-90, 90] or a non-finite value.</exception>
    public static double Distance(double lon1, double lat1, double lon2, double lat2)
    {
        CheckLat(lat1, nameof(lat1));
        CheckLat(lat2, nameof(lat2));
        if (!double.IsFinite(lon1)) throw new ArgumentOutOfRangeException(nameof(lon1));
        if (!double.IsFinite(lon2)) throw new ArgumentOutOfRangeException(nameof(lon2));
        if (lon1 == lon2 && lat1 == lat2) return 0;

        const double f = Flattening;
        double l = (lon2 - lon1) * DegToRad;
        // Reduced latitudes: latitude on the auxiliary sphere.
        double u1 = Math.Atan((1 - f) * Math.Tan(lat1 * DegToRad));
        double u2 = Math.Atan((1 - f) * Math.Tan(lat2 * DegToRad));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1);
        double sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);

        double lambda = l;
        double sinSigma = 0, cosSigma = 1, sigma = 0, cosSqAlpha = 1, cos2SigmaM = 0;
        for (int i = 0; i < MaxIterations; i++)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            double a = cosU2 * sinLambda;
            double b = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
            sinSigma = Math.Sqrt(a * a + b * b);
            if (sinSigma == 0) return 0; // coincident points
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            sigma = Math.Atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            cosSqAlpha = 1 - sinAlpha * sinAlpha;
            // On the equator cosSqAlpha is 0 and the term is defined as 0.
            cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
            double c = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
            double previous = lambda;
            lambda = l + (1 - c) * f * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.Abs(lambda - previous) < 1e-12) break;
        }

        const double a2 = SemiMajorAxisM * SemiMajorAxisM;
        const double b2 = SemiMinorAxisM * SemiMinorAxisM;
        double uSq = cosSqAlpha * (a2 - b2) / b2;
        double bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
        double bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
        double deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4
            * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
               - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
        return SemiMinorAxisM * bigA * (sigma - deltaSigma);
    }

    /// <summary>Ellipsoidal distance in metres between two lon/lat coordinates (X = lon, Y = lat, degrees).</summary>
    public static double Distance(Coordinate a, Coordinate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Distance(a.X, a.Y, b.X, b.Y);
    }

    /// <summary>
    /// Geodesic length in metres of a line whose coordinates are lon/lat degrees, summed vertex to
    /// vertex (as PostGIS <c>ST_Length(geography)</c> does). An empty line has length 0.
    /// </summary>
    public static double Length(LineString line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var seq = line.CoordinateSequence;
        double total = 0;
        for (int i = 1; i < seq.Count; i++)
        {
            total += Distance(seq.GetX(i - 1), seq.GetY(i - 1), seq.GetX(i), seq.GetY(i));
        }
        return total;
    }

    private static void CheckLat(double lat, string name)
    {
        if (!double.IsFinite(lat) || lat < -90 || lat > 90)
        {
            throw new ArgumentOutOfRangeException(name, lat, "Latitude must be within [-90, 90] degrees.");
        }
    }
}
