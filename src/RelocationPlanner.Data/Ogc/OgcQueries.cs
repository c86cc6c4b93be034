using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Data.Ogc;

/// <summary>Reads for the OGC API - Features endpoints: GeoJSON comes out of PostGIS as text.</summary>
public static class OgcQueries
{
    /// <summary>Streams up to <paramref name="limit"/> features after id <paramref name="after"/>; yields (id, feature JSON).</summary>
    public static async IAsyncEnumerable<(long Id, string Json)> ItemsAsync(NpgsqlDataSource db, CollectionSpec c, LonLatBox bbox,
        long after, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Render("items.sql", c));
        foreach (var v in new[] { bbox.MinX, bbox.MinY, bbox.MaxX, bbox.MaxY }) cmd.Parameters.AddWithValue(v);
        cmd.Parameters.AddWithValue(after);
        cmd.Parameters.AddWithValue(limit);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return (r.GetInt64(0), r.GetString(1));
    }

    public static async Task<(int Version, string Json)?> ItemAsync(NpgsqlDataSource db, CollectionSpec c, long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Render("item.sql", c));
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt32(0), r.GetString(1)) : null;
    }

    /// <summary>The lon/lat bounding box of a collection's geometries; null when it has none.</summary>
    public static async Task<LonLatBox?> ExtentAsync(NpgsqlDataSource db, CollectionSpec c, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Render("extent.sql", c));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return r.IsDBNull(0) ? null : new LonLatBox(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3));
    }

    static string Render(string file, CollectionSpec c) => SqlResources.Get(file)
        .Replace("{table}", c.Table)
        .Replace("{properties}", string.Join(", ", c.Properties.Select(p => $"'{p.Name}', t.{p.Name}")));
}
