using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// In-memory test of sites against a profile's inline exclusion polygons (those with WKT), for
/// scoring drawn, unsaved sites. Stored zones are checked by the data layer.
/// </summary>
public sealed class ExclusionCheck
{
    private readonly (ExclusionZone Zone, IPreparedGeometry Geometry)[] _zones;

    /// <summary>Parses and prepares the profile's inline zones once.</summary>
    /// <exception cref="NetTopologySuite.IO.ParseException">A zone's WKT is malformed (validate the profile first).</exception>
    public ExclusionCheck(ScoringProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _zones = profile.ExclusionZones
            .Select(z => (Zone: z, Geometry: z.ParseGeometry()))
            .Where(z => z.Geometry is not null)
            .Select(z => (z.Zone, PreparedGeometryFactory.Prepare(z.Geometry!)))
            .ToArray();
    }

    /// <summary>
    /// Inline zones the site (lon/lat degrees, any geometry type) intersects; touching the
    /// boundary counts. An empty site hits nothing.
    /// </summary>
    public IReadOnlyList<ZoneHit> Hits(Geometry site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.IsEmpty) return [];
        var hits = new List<ZoneHit>();
        foreach (var (zone, geometry) in _zones)
        {
            if (geometry.Intersects(site)) hits.Add(new ZoneHit(zone.Kind, zone.Name));
        }
        return hits;
    }
}
