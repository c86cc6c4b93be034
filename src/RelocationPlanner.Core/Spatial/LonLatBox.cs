using System.Globalization;
using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Spatial;

/// <summary>
/// A bbox query value: minLon,minLat,maxLon,maxLat in degrees (OGC API Features also allows six
/// numbers, minLon,minLat,minHeight,maxLon,maxLat,maxHeight). The one parser of the OGC items,
/// export and suitability-surface endpoints; each adds its own limits (the surface: inside China).
/// </summary>
public static class LonLatBox
{
    /// <summary>The box, or null when the text is not finite numbers in order inside -180..180 / -90..90.</summary>
    public static Envelope? Parse(string text, bool allowHeights = false)
    {
        var parts = text.Split(',');
        if (parts.Length != 4 && !(allowHeights && parts.Length == 6)) return null;
        var v = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i])) return null;
        var (minX, minY, maxX, maxY) = parts.Length == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4]);
        if (minX > maxX || minY > maxY || minX < -180 || maxX > 180 || minY < -90 || maxY > 90) return null;
        return new Envelope(minX, maxX, minY, maxY);
    }
}
