using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// A site (lon/lat degrees, any geometry type) made ready for the nearest searches of every layer
/// in one evaluation: its copy in a tangent plane at its envelope centre (metres; the metric that
/// ranks candidates) and, for big geometries, the edge and area indexes of <see cref="PlanarShape"/>,
/// so the copy and the indexes are built once per site instead of once per layer. Used by one thread.
/// </summary>
public sealed class PreparedSite
{
    /// <summary>The site as given (lon/lat).</summary>
    public Geometry Geometry { get; }

    internal GeodesicNearestIndex.LocalPlane Plane { get; }

    /// <summary>The planar site; null for a point (searched as a point) and for an empty site.</summary>
    internal PlanarShape? Shape { get; }

    public PreparedSite(Geometry site)
    {
        ArgumentNullException.ThrowIfNull(site);
        Geometry = site;
        if (site.IsEmpty) return;
        var centre = site.EnvelopeInternal.Centre;
        Plane = new GeodesicNearestIndex.LocalPlane(centre.X, centre.Y);
        if (site is not Point) Shape = new PlanarShape(Plane.ToPlane(site));
    }
}
