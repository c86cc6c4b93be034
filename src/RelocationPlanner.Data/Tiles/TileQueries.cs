using Npgsql;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Tiles;

/// <summary>Vector tiles (MVT) of the spatial collections, built by ST_AsMVT.</summary>
public static class TileQueries
{
    /// <summary>The MVT bytes of tile z/x/y (may be empty: no features there). The layer inside is named after the collection.</summary>
    public static async Task<byte[]> TileAsync(NpgsqlDataSource db, CollectionSpec c, int z, int x, int y, CancellationToken ct)
    {
        // Table and column names come from the catalogue (constants), never from the request.
        var sql = SqlResources.Get("tile.sql")
            .Replace("{table}", c.Table)
            .Replace("{columns}", string.Join(", ", c.Properties.Where(p => p.Name != "id").Select(p =>
                // numeric is not an MVT value type: hand decimals over as double precision.
                p.Kind == PropertyKind.Decimal ? $"t.{p.Name}::float8 AS {p.Name}"
                : p.Kind == PropertyKind.Date ? $"t.{p.Name}::text AS {p.Name}"
                : $"t.{p.Name}")));
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(z);
        cmd.Parameters.AddWithValue(x);
        cmd.Parameters.AddWithValue(y);
        cmd.Parameters.AddWithValue(c.Id);
        return await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
    }

    /// <summary>The data version of a collection (0 when never written).</summary>
    public static async Task<long> VersionAsync(NpgsqlDataSource db, CollectionSpec c, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("tile_version.sql"));
        cmd.Parameters.AddWithValue(c.Table);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
