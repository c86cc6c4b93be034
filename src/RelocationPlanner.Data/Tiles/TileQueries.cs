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
        var filter = Generalisation(c, z);
        var sql = SqlTemplate.Render("tile.sql", c,
            ("columns", string.Join(", ", c.Properties.Where(p => p.Name != "id").Select(p =>
                // numeric is not an MVT value type: hand decimals over as double precision.
                p.Kind == PropertyKind.Decimal ? $"t.{p.Name}::float8 AS {p.Name}"
                : p.Kind == PropertyKind.Date ? $"t.{p.Name}::text AS {p.Name}"
                : $"t.{p.Name}"))),
            ("filter", filter is null ? "" : filter.Value.Sql));
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(z);
        cmd.Parameters.AddWithValue(x);
        cmd.Parameters.AddWithValue(y);
        cmd.Parameters.AddWithValue(c.Id);
        if (filter is not null) cmd.Parameters.AddWithValue(filter.Value.Value);
        return await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
    }

    /// <summary>
    /// What a small-scale tile leaves out, as on any road map: below z12 only the classes that read
    /// at that scale (national and provincial to z9, county from z10, township from z11), and below
    /// z10 only power lines of 35 kV and more. Keeps a z8 tile of a 200k-road network small and fast.
    /// </summary>
    public static (string Sql, object Value)? Generalisation(CollectionSpec c, int z) => c.Id switch
    {
        "roads" when z < 12 => ("AND t.road_class = ANY($5)", RoadClassesAt(z)),
        "power_lines" when z < 10 => ("AND t.voltage_kv >= $5", 35m),
        _ => null,
    };

    public static string[] RoadClassesAt(int z) => z switch
    {
        <= 9 => ["national", "provincial"],
        10 => ["national", "provincial", "county"],
        _ => ["national", "provincial", "county", "township"],
    };
}
