using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Spatial;

/// <summary>Checks a geometry against what a collection may store: type, size, China's extent and OGC validity.</summary>
public static class GeometryRules
{
    /// <summary>China's rough extent in degrees: 73-136 E, 3-54 N. Catches swapped lon/lat and projected metres.</summary>
    public static readonly Envelope ChinaExtent = new(73, 136, 3, 54);

    /// <summary>
    /// Returns the geometry to store (a Polygon promoted to MultiPolygon where the collection keeps
    /// multipolygons) or the first rule it breaks.
    /// </summary>
    public static (NetTopologySuite.Geometries.Geometry? Geometry, FieldError? Error) Check(
        NetTopologySuite.Geometries.Geometry g, CollectionSpec collection, string field = "geometry")
    {
        if (g.IsEmpty)
            return (null, new FieldError(field, Rules.GeometryEmpty, "The geometry is empty."));
        // Before any work that grows with the vertex count (validity is n log n, scoring more).
        if (g.NumPoints > collection.MaxVertices)
            return (null, TooManyVertices(field, g.NumPoints, collection.MaxVertices, collection.Id));
        if (g is Polygon p && Array.IndexOf(collection.GeometryTypes, "MultiPolygon") >= 0)
            g = g.Factory.CreateMultiPolygon([p]);
        if (Array.IndexOf(collection.GeometryTypes, g.GeometryType) < 0)
            return (null, new FieldError(field + ".type", Rules.GeometryType,
                $"{collection.Id} stores {string.Join(" or ", collection.GeometryTypes)}, not {g.GeometryType}."));

        var outside = Array.Find(g.Coordinates, c => !ChinaExtent.Contains(c));
        if (outside is not null)
        {
            var swapped = ChinaExtent.Contains(outside.Y, outside.X);
            return (null, new FieldError(field + ".coordinates", Rules.OutsideChina,
                $"Position ({outside.X}, {outside.Y}) is outside China's extent (73-136 E, 3-54 N)" +
                (swapped ? "; it looks like latitude and longitude are swapped: GeoJSON order is [lon, lat]." : "; coordinates must be WGS 84 / CGCS2000 degrees.")));
        }

        var validity = new IsValidOp(g).ValidationError;
        if (validity is not null)
            return (null, new FieldError(field, Rules.GeometryInvalid,
                $"Invalid geometry: {validity.Message} at ({validity.Coordinate?.X}, {validity.Coordinate?.Y})."));
        return (g, null);
    }

    /// <summary>The refusal of a geometry over a vertex limit (422).</summary>
    public static FieldError TooManyVertices(string field, int vertices, int limit, string what) =>
        new(field, Rules.TooManyVertices, $"The geometry has {vertices:N0} vertices; {what} takes at most {limit:N0} per feature. Simplify it (e.g. ST_Simplify or ogr2ogr -simplify).");
}
