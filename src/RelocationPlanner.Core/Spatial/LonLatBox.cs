using System.Globalization;
using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Spatial;

/// <summary>
/// The one bounding-box type: longitude (X) and latitude (Y) in storage degrees (SRID 4326).
/// Parsed from query values (OGC items, export, the suitability surface: each adds its own
/// limits) and read from PostGIS extents (OGC collections, map units).
/// </summary>
public readonly record struct LonLatBox(double MinX, double MinY, double MaxX, double MaxY)
{
    public static readonly LonLatBox World = new(-180, -90, 180, 90);

    public double Width => MaxX - MinX;
    public double Height => MaxY - MinY;

    /// <summary>[minLon, minLat, maxLon, maxLat], as GeoJSON and OGC API write a bbox.</summary>
    public double[] ToArray() => [MinX, MinY, MaxX, MaxY];

    /// <summary>The same box as an NTS envelope (for geometry predicates).</summary>
    public Envelope ToEnvelope() => new(MinX, MaxX, MinY, MaxY);

    /// <summary>
    /// A bbox query value: minLon,minLat,maxLon,maxLat (OGC API Features also allows six numbers,
    /// minLon,minLat,minHeight,maxLon,maxLat,maxHeight). Null when it is not finite numbers in
    /// order inside -180..180 / -90..90.
    /// </summary>
    public static LonLatBox? Parse(string text, bool allowHeights = false)
    {
        var parts = text.Split(',');
        if (parts.Length != 4 && !(allowHeights && parts.Length == 6)) return null;
        var v = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i])) return null;
        var (minX, minY, maxX, maxY) = parts.Length == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4]);
        if (minX > maxX || minY > maxY || minX < -180 || maxX > 180 || minY < -90 || maxY > 90) return null;
        return new LonLatBox(minX, minY, maxX, maxY);
    }
}
