namespace RelocationPlanner.Core.Tests.Geodesy;

/// <summary>
/// Independent reference for the tests: Transverse Mercator by Krueger's series in the
/// third flattening n to order n^6 (as given by Karney, "Transverse Mercator with an
/// accuracy of a few nanometers", J. Geodesy 2011), written separately from ProjNET, plus
/// the meridian arc by numerical integration. GRS 1980 ellipsoid, scale 1, false easting 500 km.
/// </summary>
internal static class KruegerReference
{
    private const double A = 6378137.0;
    private const double InvF = 298.257222101;

    public static (double Easting, double Northing) Forward(double lon, double lat, double centralMeridian)
    {
        var f = 1.0 / InvF;
        var n = f / (2.0 - f);
        var e = Math.Sqrt(f * (2.0 - f));
        double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
        var rectifyingRadius = A / (1.0 + n) * (1.0 + (n2 / 4.0) + (n4 / 64.0) + (n6 / 256.0));
        double[] alpha =
        [
            (n / 2.0) - (2.0 * n2 / 3.0) + (5.0 * n3 / 16.0) + (41.0 * n4 / 180.0) - (127.0 * n5 / 288.0) + (7891.0 * n6 / 37800.0),
            (13.0 * n2 / 48.0) - (3.0 * n3 / 5.0) + (557.0 * n4 / 1440.0) + (281.0 * n5 / 630.0) - (1983433.0 * n6 / 1935360.0),
            (61.0 * n3 / 240.0) - (103.0 * n4 / 140.0) + (15061.0 * n5 / 26880.0) + (167603.0 * n6 / 181440.0),
            (49561.0 * n4 / 161280.0) - (179.0 * n5 / 168.0) + (6601661.0 * n6 / 7257600.0),
            (34729.0 * n5 / 80640.0) - (3418889.0 * n6 / 1995840.0),
            212378941.0 * n6 / 319334400.0,
        ];

        var phi = lat * Math.PI / 180.0;
        var lambda = (lon - centralMeridian) * Math.PI / 180.0;
        var sinPhi = Math.Sin(phi);
        // tan of the conformal latitude
        var t = Math.Sinh(Math.Atanh(sinPhi) - (e * Math.Atanh(e * sinPhi)));
        var xiPrime = Math.Atan2(t, Math.Cos(lambda));
        var etaPrime = Math.Atanh(Math.Sin(lambda) / Math.Sqrt(1.0 + (t * t)));
        double xi = xiPrime, eta = etaPrime;
        for (var j = 1; j <= 6; j++)
        {
            xi += alpha[j - 1] * Math.Sin(2.0 * j * xiPrime) * Math.Cosh(2.0 * j * etaPrime);
            eta += alpha[j - 1] * Math.Cos(2.0 * j * xiPrime) * Math.Sinh(2.0 * j * etaPrime);
        }

        return (500000.0 + (rectifyingRadius * eta), rectifyingRadius * xi);
    }

    /// <summary>Meridian arc length in metres between two latitudes (degrees), Simpson's rule.</summary>
    public static double MeridianArc(double lat1, double lat2)
    {
        var f = 1.0 / InvF;
        var e2 = f * (2.0 - f);
        double M(double phi) => A * (1.0 - e2) / Math.Pow(1.0 - (e2 * Math.Sin(phi) * Math.Sin(phi)), 1.5);
        const int steps = 1000;
        double p1 = lat1 * Math.PI / 180.0, p2 = lat2 * Math.PI / 180.0, h = (p2 - p1) / steps;
        var sum = M(p1) + M(p2);
        for (var i = 1; i < steps; i++)
        {
            sum += M(p1 + (i * h)) * (i % 2 == 1 ? 4.0 : 2.0);
        }

        return sum * h / 3.0;
    }
}
