using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Infrastructure;

/// <summary>Geodesic and Gauss-Kruger lengths of one unit's lines, side by side.</summary>
/// <param name="GeodesicM">Sum of ST_Length(geography) of the parts, metres.</param>
/// <param name="ProjectedM">Sum of the parts' planar lengths in their CGCS2000 3-degree zones (ProjNET), metres.</param>
/// <param name="Zones">EPSG codes of the zones used.</param>
public sealed record LengthPair(double GeodesicM, double ProjectedM, IReadOnlyCollection<int> Zones)
{
    /// <summary>(projected - geodesic) / geodesic in percent; 0 when there is no length.</summary>
    public double DifferencePct => GeodesicM > 0 ? (ProjectedM - GeodesicM) / GeodesicM * 100 : 0;
}

/// <summary>
/// Accumulates the projected cross-check: each clipped part (lon/lat degrees) is projected by
/// <see cref="GaussKruger.ProjectedLength"/> into the zone of its own centroid longitude, so a
/// line's scale error stays within its zone (at most about +0.014 % at 1.5 degrees from the
/// central meridian) and the two sums should agree to that order.
/// </summary>
public sealed class ProjectedCrossCheck
{
    readonly Dictionary<(string Unit, string Entity), (double Geo, double Gk, SortedSet<int> Zones)> sums = new();

    /// <param name="unit">Unit code.</param>
    /// <param name="entity">roads or power_lines.</param>
    /// <param name="part">The clipped part, (Multi)LineString in lon/lat degrees.</param>
    /// <param name="geodesicM">Its geodesic length in metres.</param>
    public void Add(string unit, string entity, Geometry part, double geodesicM)
    {
        var key = (unit, entity);
        if (!sums.TryGetValue(key, out var s)) s = (0, 0, new SortedSet<int>());
        if (!part.IsEmpty) s.Zones.Add(GaussKruger.ZoneForGeometry(part).Epsg);
        sums[key] = (s.Geo + geodesicM, s.Gk + GaussKruger.ProjectedLength(part), s.Zones);
    }

    /// <summary>The pair for a unit and entity (zero lengths when nothing was added).</summary>
    public LengthPair Get(string unit, string entity) =>
        sums.TryGetValue((unit, entity), out var s) ? new LengthPair(s.Geo, s.Gk, s.Zones) : new LengthPair(0, 0, []);

    public IEnumerable<string> Units => sums.Keys.Select(k => k.Unit).Distinct().Order(StringComparer.Ordinal);
}
