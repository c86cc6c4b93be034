using Npgsql;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Data.Map;

/// <summary>One unit's identity and bounding box (degrees, SRID 4326).</summary>
public sealed record UnitExtent(string Code, string Name, string? NameEn, string Level, LonLatBox Bbox);

/// <summary>Small reads the map client needs besides features and tiles.</summary>
public static class MapQueries
{
    public static async Task<UnitExtent?> UnitExtentAsync(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("unit_extent.sql"));
        cmd.Parameters.AddWithValue(code);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new UnitExtent(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
            new LonLatBox(r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7)));
    }
}
