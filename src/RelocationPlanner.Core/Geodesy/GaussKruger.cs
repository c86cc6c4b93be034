using System.Globalization;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace RelocationPlanner.Core.Geodesy;

/// <summary>
/// One CGCS2000 3-degree Gauss-Kruger zone without zone prefix in the false easting
/// (EPSG:4534 "CM 75E" .. EPSG:4554 "CM 135E").
/// </summary>
/// <param name="Epsg">EPSG code of the projected CRS, 4534..4554.</param>
/// <param name="CentralMeridian">Central meridian in degrees east, 75..135 in steps of 3.</param>
public readonly record struct GaussKrugerZone(int Epsg, int CentralMeridian);

/// <summary>
/// CGCS2000 3-degree Gauss-Kruger projections (EPSG:4534-4554) through ProjNET, which has no
/// EPSG database: the WKT of every zone is generated here from its central meridian.
/// </summary>
/// <remarks>
/// <para>Units: geographic input and output in decimal degrees (longitude, latitude, in that
/// order); projected coordinates in metres as (easting, northing) in that order, i.e. the
/// x/y order PostGIS <c>ST_Transform</c> returns, even though the EPSG definition names the
/// axes northing first.</para>
/// <para>Parameters (EPSG): Transverse Mercator, latitude of origin 0, scale factor 1,
/// false easting 500000 m, false northing 0, GRS 1980 ellipsoid (a = 6378137 m,
/// 1/f = 298.257222101), geographic base CGCS2000 (EPSG:4490). WGS84 lon/lat may be passed
/// as CGCS2000 without a datum shift; the two frames agree to a few centimetres.</para>
/// <para>Zone choice: the zone with the nearest central meridian, CM = 3 * round(lon / 3),
/// where a longitude exactly on a zone boundary (an odd multiple of 1.5 degrees) belongs to
/// the eastern zone, so zone CM covers [CM - 1.5, CM + 1.5). Longitudes outside
/// [73.5, 136.5) have no zone and are rejected.</para>
/// <para>The transforms are built once per zone and cached; they are safe to use from
/// several threads (ProjNET's transverse Mercator keeps no per-call state).</para>
/// </remarks>
public static class GaussKruger
{
    /// <summary>EPSG code of the first zone (central meridian 75 degrees east).</summary>
    public const int FirstEpsg = 4534;

    /// <summary>EPSG code of the last zone (central meridian 135 degrees east).</summary>
    public const int LastEpsg = 4554;

    /// <summary>Central meridian of the first zone, degrees east.</summary>
    public const int FirstCentralMeridian = 75;

    /// <summary>Central meridian of the last zone, degrees east.</summary>
    public const int LastCentralMeridian = 135;

    /// <summary>Westernmost longitude (degrees, inclusive) that has a zone.</summary>
    public const double MinLongitude = FirstCentralMeridian - 1.5;

    /// <summary>Easternmost longitude (degrees, exclusive) that has a zone.</summary>
    public const double MaxLongitude = LastCentralMeridian + 1.5;

    /// <summary>False easting of every zone in metres (no zone-number prefix).</summary>
    public const double FalseEasting = 500000.0;

    /// <summary>EPSG code of the geographic base, CGCS2000.</summary>
    public const int GeographicEpsg = 4490;

    private const string GeographicWkt =
        "GEOGCS[\"China Geodetic Coordinate System 2000\"," +
        "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]]," +
        "AUTHORITY[\"EPSG\",\"1043\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AUTHORITY[\"EPSG\",\"4490\"]]";

    private static readonly Lazy<ZoneTransforms>[] Zones = CreateZoneCache();

    /// <summary>All 21 zones, west to east.</summary>
    public static IReadOnlyList<GaussKrugerZone> AllZones { get; } =
        Enumerable.Range(0, LastEpsg - FirstEpsg + 1)
            .Select(i => new GaussKrugerZone(FirstEpsg + i, FirstCentralMeridian + (3 * i)))
            .ToArray();

    /// <summary>
    /// The zone whose central meridian is nearest to <paramref name="lon"/>
    /// (CM = 3 * round(lon / 3); a boundary longitude goes to the eastern zone).
    /// </summary>
    /// <param name="lon">Longitude in degrees east, in [73.5, 136.5).</param>
    /// <exception cref="ArgumentOutOfRangeException">Longitude is NaN or outside [73.5, 136.5).</exception>
    public static GaussKrugerZone ZoneFor(double lon)
    {
        if (double.IsNaN(lon) || lon < MinLongitude || lon >= MaxLongitude)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lon), lon, $"No CGCS2000 3-degree zone: longitude must be in [{MinLongitude}, {MaxLongitude}).");
        }

        var cm = 3 * (int)Math.Floor((lon / 3.0) + 0.5);
        return new GaussKrugerZone(FirstEpsg + ((cm - FirstCentralMeridian) / 3), cm);
    }

    /// <summary>The zone with the given EPSG code.</summary>
    /// <param name="epsg">4534..4554.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a CGCS2000 3-degree CM zone code.</exception>
    public static GaussKrugerZone ZoneFromEpsg(int epsg)
    {
        if (epsg is < FirstEpsg or > LastEpsg)
        {
            throw new ArgumentOutOfRangeException(nameof(epsg), epsg, "Expected EPSG:4534..4554.");
        }

        return new GaussKrugerZone(epsg, FirstCentralMeridian + (3 * (epsg - FirstEpsg)));
    }

    /// <summary>
    /// OGC WKT (version 1, as ProjNET reads it) of the zone's projected CRS, generated from
    /// the central meridian.
    /// </summary>
    public static string Wkt(GaussKrugerZone zone)
    {
        _ = ZoneFromEpsg(zone.Epsg);
        var cm = zone.CentralMeridian.ToString(CultureInfo.InvariantCulture);
        var epsg = zone.Epsg.ToString(CultureInfo.InvariantCulture);
        return
            $"PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E\"," +
            GeographicWkt + "," +
            "PROJECTION[\"Transverse_Mercator\"]," +
            "PARAMETER[\"latitude_of_origin\",0]," +
            $"PARAMETER[\"central_meridian\",{cm}]," +
            "PARAMETER[\"scale_factor\",1]," +
            "PARAMETER[\"false_easting\",500000]," +
            "PARAMETER[\"false_northing\",0]," +
            "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]," +
            $"AUTHORITY[\"EPSG\",\"{epsg}\"]]";
    }

    /// <summary>
    /// Projects lon/lat (degrees) into the zone chosen from <paramref name="lon"/>.
    /// </summary>
    /// <returns>The zone used and (easting, northing) in metres.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Longitude has no zone.</exception>
    public static (GaussKrugerZone Zone, double Easting, double Northing) Transform(double lon, double lat)
    {
        var zone = ZoneFor(lon);
        var (e, n) = ProjectToZone(lon, lat, zone.Epsg);
        return (zone, e, n);
    }

    /// <summary>
    /// Projects lon/lat (degrees, CGCS2000 or WGS84) into the given zone, whether or not the
    /// point lies inside it. This is the method to compare with PostGIS
    /// <c>ST_X/ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4490), epsg))</c>.
    /// </summary>
    /// <param name="lon">Longitude in degrees east.</param>
    /// <param name="lat">Latitude in degrees north.</param>
    /// <param name="epsg">4534..4554.</param>
    /// <returns>(easting, northing) in metres.</returns>
    public static (double Easting, double Northing) ProjectToZone(double lon, double lat, int epsg)
    {
        var t = Get(epsg);
        return t.Forward.Transform(lon, lat);
    }

    /// <summary>
    /// Inverse projection of (easting, northing) in metres in the given zone back to lon/lat
    /// in degrees.
    /// </summary>
    /// <param name="easting">Easting in metres (500000 on the central meridian).</param>
    /// <param name="northing">Northing in metres from the equator.</param>
    /// <param name="epsg">4534..4554.</param>
    /// <returns>(longitude, latitude) in degrees.</returns>
    public static (double Lon, double Lat) Inverse(double easting, double northing, int epsg)
    {
        var t = Get(epsg);
        return t.Inverse.Transform(easting, northing);
    }

    /// <summary>
    /// Returns a copy of <paramref name="geometry"/> (lon/lat degrees) projected into zone
    /// <paramref name="epsg"/>, in metres, with <see cref="Geometry.SRID"/> set to the zone.
    /// Z/M ordinates, if any, are kept unchanged.
    /// </summary>
    public static Geometry Project(Geometry geometry, int epsg)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var t = Get(epsg);
        var copy = geometry.Copy();
        copy.Apply(new ProjectFilter(t.Forward));
        copy.SRID = epsg;
        return copy;
    }

    /// <summary>
    /// The zone for a geometry in lon/lat degrees: chosen from the longitude of its centroid
    /// (for empty geometries or those with a degenerate centroid, the centre of the envelope).
    /// </summary>
    /// <exception cref="ArgumentException">Geometry is empty.</exception>
    public static GaussKrugerZone ZoneForGeometry(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsEmpty)
        {
            throw new ArgumentException("Empty geometry has no zone.", nameof(geometry));
        }

        var c = geometry.Centroid;
        var lon = c is { IsEmpty: false } && !double.IsNaN(c.X) ? c.X : geometry.EnvelopeInternal.Centre.X;
        return ZoneFor(lon);
    }

    /// <summary>
    /// Planar length in metres of a (Multi)LineString given in lon/lat degrees, projected
    /// into the Gauss-Kruger zone of its centroid longitude. An empty geometry has length 0.
    /// </summary>
    /// <remarks>
    /// The zone's scale factor is 1 on the central meridian and grows as 1 + x²/(2R²) away
    /// from it (about +1.4e-4 at 1.5 degrees, 0.014 %), and more for lines that stretch
    /// far outside the zone; use a geodesic length when that matters.
    /// </remarks>
    public static double ProjectedLength(Geometry lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines is not (LineString or MultiLineString))
        {
            throw new ArgumentException($"Expected LineString or MultiLineString, got {lines.GeometryType}.", nameof(lines));
        }

        return lines.IsEmpty ? 0.0 : Project(lines, ZoneForGeometry(lines).Epsg).Length;
    }

    /// <summary>
    /// Planar area in square metres of a (Multi)Polygon given in lon/lat degrees, projected
    /// into the Gauss-Kruger zone of its centroid longitude (Transverse Mercator is conformal,
    /// not equal-area: areas grow by about the square of the scale factor, +0.03 % at 1.5
    /// degrees from the central meridian). An empty geometry has area 0.
    /// </summary>
    public static double ProjectedArea(Geometry polygons)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        if (polygons is not (Polygon or MultiPolygon))
        {
            throw new ArgumentException($"Expected Polygon or MultiPolygon, got {polygons.GeometryType}.", nameof(polygons));
        }

        return polygons.IsEmpty ? 0.0 : Project(polygons, ZoneForGeometry(polygons).Epsg).Area;
    }

    private static ZoneTransforms Get(int epsg)
    {
        var zone = ZoneFromEpsg(epsg);
        return Zones[zone.Epsg - FirstEpsg].Value;
    }

    private static Lazy<ZoneTransforms>[] CreateZoneCache()
    {
        var cache = new Lazy<ZoneTransforms>[LastEpsg - FirstEpsg + 1];
        for (var i = 0; i < cache.Length; i++)
        {
            var epsg = FirstEpsg + i;
            cache[i] = new Lazy<ZoneTransforms>(() => Build(ZoneFromEpsg(epsg)), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return cache;
    }

    private static ZoneTransforms Build(GaussKrugerZone zone)
    {
        var csFactory = new CoordinateSystemFactory();
        var projected = (ProjectedCoordinateSystem)csFactory.CreateFromWkt(Wkt(zone));
        var ctFactory = new CoordinateTransformationFactory();
        var forward = ctFactory.CreateFromCoordinateSystems(projected.GeographicCoordinateSystem, projected).MathTransform;
        var inverse = ctFactory.CreateFromCoordinateSystems(projected, projected.GeographicCoordinateSystem).MathTransform;
        return new ZoneTransforms(forward, inverse);
    }

    private sealed record ZoneTransforms(MathTransform Forward, MathTransform Inverse);

    private sealed class ProjectFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
