using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Coordinates;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Ogc;

/// <summary>
/// A coordinate reference system the OGC API offers (Features Part 2): its URI, its PostGIS SRID,
/// and its axis order as the CRS defines it. EPSG:4326 and EPSG:4490 are latitude first; the
/// CGCS2000 Gauss-Kruger zones (EPSG:4534-4554) are northing first; CRS84 and EPSG:3857 are
/// longitude/easting first.
/// </summary>
/// <param name="Uri">The OGC URI (http://www.opengis.net/def/crs/...).</param>
/// <param name="Srid">The SRID PostGIS transforms to on output.</param>
/// <param name="Title">A name for people.</param>
/// <param name="NorthFirst">The first axis is latitude or northing.</param>
/// <param name="Geographic">Coordinates are degrees (else metres).</param>
public sealed record OgcCrs(string Uri, int Srid, string Title, bool NorthFirst, bool Geographic)
{
    /// <summary>Decimals written: 7 for degrees (about 1 cm), 3 for metres (1 mm).</summary>
    public int Decimals => Geographic ? 7 : 3;

    /// <summary>The Content-Crs header value: the URI in angle brackets.</summary>
    public string Header => $"<{Uri}>";

    /// <summary>
    /// One position of this CRS, axes in the CRS's own order, as storage longitude/latitude
    /// (degrees, SRID 4326). NaN when the position has no meaning in the CRS.
    /// </summary>
    public (double Lon, double Lat) ToLonLat(double first, double second)
    {
        var (x, y) = NorthFirst ? (second, first) : (first, second);
        if (Geographic) return (x, y); // WGS 84 and CGCS2000 agree to centimetres.
        if (Srid == 3857)
        {
            const double r = 6378137.0;
            return (x / r * 180 / Math.PI, (2 * Math.Atan(Math.Exp(y / r)) - Math.PI / 2) * 180 / Math.PI);
        }
        return GaussKruger.Inverse(x, y, Srid);
    }

    /// <summary>A geometry written in this CRS (axes in its order) as a storage lon/lat geometry with SRID 4326.</summary>
    public Geometry ToStorage(Geometry g)
    {
        var mapped = this == OgcCrsList.Crs84 ? g.Copy() : GeometryCoordinateMapper.Map(g, ToLonLat);
        mapped.SRID = 4326;
        return mapped;
    }

    /// <summary>
    /// A bounding box in this CRS (lower and upper corner, axes in its order) as the storage
    /// polygon it covers. Geographic and Web Mercator boxes stay boxes; a Gauss-Kruger box is
    /// densified (16 points per side) so its curved outline in degrees is followed.
    /// </summary>
    public Polygon BoxToStorage(double lowFirst, double lowSecond, double highFirst, double highSecond)
    {
        const int steps = 16;
        var ring = new List<Coordinate>();
        void Side(double a0, double b0, double a1, double b1)
        {
            var n = Geographic || Srid == 3857 ? 1 : steps;
            for (var i = 0; i < n; i++)
            {
                var (lon, lat) = ToLonLat(a0 + (a1 - a0) * i / n, b0 + (b1 - b0) * i / n);
                ring.Add(new Coordinate(lon, lat));
            }
        }
        Side(lowFirst, lowSecond, highFirst, lowSecond);
        Side(highFirst, lowSecond, highFirst, highSecond);
        Side(highFirst, highSecond, lowFirst, highSecond);
        Side(lowFirst, highSecond, lowFirst, lowSecond);
        ring.Add(ring[0].Copy());
        var polygon = GeoJson.GeoJsonIO.Factory.CreatePolygon([.. ring]);
        // A lat-first box was swapped corner by corner: normalise the ring's orientation.
        return (Polygon)polygon.Normalized();
    }
}

/// <summary>The CRSs every collection is offered in, and the lookup of a request's CRS URI.</summary>
public static class OgcCrsList
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    const string Epsg = "http://www.opengis.net/def/crs/EPSG/0/";

    /// <summary>WGS 84 longitude/latitude: the default of every OGC API and how storage holds coordinates.</summary>
    public static readonly OgcCrs Crs84 = new(Crs84Uri, 4326, "WGS 84 longitude/latitude (CRS84)", NorthFirst: false, Geographic: true);
    public static readonly OgcCrs Wgs84 = new(Epsg + "4326", 4326, "WGS 84 (latitude, longitude)", NorthFirst: true, Geographic: true);
    public static readonly OgcCrs Cgcs2000 = new(Epsg + "4490", 4490, "CGCS2000 (latitude, longitude)", NorthFirst: true, Geographic: true);
    public static readonly OgcCrs WebMercator = new(Epsg + "3857", 3857, "WGS 84 / Pseudo-Mercator", NorthFirst: false, Geographic: false);

    /// <summary>The storage CRS: SRID 4326 with longitude first, which is CRS84.</summary>
    public static OgcCrs Storage => Crs84;

    /// <summary>CRS84, EPSG:4326, EPSG:4490, EPSG:3857, then the 21 CGCS2000 3-degree Gauss-Kruger zones (EPSG:4534-4554, northing first).</summary>
    public static readonly IReadOnlyList<OgcCrs> All =
    [
        Crs84, Wgs84, Cgcs2000, WebMercator,
        .. GaussKruger.AllZones.Select(z => new OgcCrs(Epsg + z.Epsg, z.Epsg, $"CGCS2000 / 3-degree Gauss-Kruger CM {z.CentralMeridian}E (northing, easting)", NorthFirst: true, Geographic: false)),
    ];

    static readonly Dictionary<string, OgcCrs> ByUri = All.ToDictionary(c => c.Uri, StringComparer.Ordinal);

    /// <summary>The CRS named by a request's URI (exactly as listed), or null.</summary>
    public static OgcCrs? Find(string? uri) => uri is not null && ByUri.TryGetValue(uri.Trim(), out var c) ? c : null;
}
