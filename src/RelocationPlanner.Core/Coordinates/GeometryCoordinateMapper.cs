using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Coordinates;

/// <summary>Applies a point-wise coordinate conversion to every vertex of an NTS geometry.</summary>
public static class GeometryCoordinateMapper
{
    /// <summary>
    /// Returns a new geometry in which every vertex (x, y) is replaced by
    /// <paramref name="convert"/>(x, y); the input is not modified. Z and M ordinates, the
    /// SRID and user data are kept. For lon/lat geometries x is longitude and y latitude
    /// (degrees), matching <see cref="ChinaOffsets"/>. Empty geometries come back empty.
    /// </summary>
    /// <remarks>
    /// The result is not re-validated: a conversion that moves vertices by different amounts
    /// (the China offsets vary by a few metres across a kilometre) can in rare cases make a
    /// very thin polygon self-intersect.
    /// </remarks>
    public static Geometry Map(Geometry geometry, Func<double, double, (double X, double Y)> convert)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(convert);
        var copy = geometry.Copy();
        copy.Apply(new MapFilter(convert));
        return copy;
    }

    /// <summary>
    /// Converts every vertex of a lon/lat geometry between WGS84, GCJ-02 and BD-09
    /// (see <see cref="ChinaOffsets"/> for accuracy and the China box); returns a new geometry.
    /// </summary>
    public static Geometry Convert(Geometry geometry, OffsetSystem from, OffsetSystem to)
    {
        var f = ChinaOffsets.Converter(from, to);
        return Map(geometry, (x, y) => f(x, y));
    }

    private sealed class MapFilter(Func<double, double, (double X, double Y)> convert) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = convert(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
