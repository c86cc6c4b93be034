using System.Data;
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
        return new UnitExtent(r.GetString("code"), r.GetString("name"), r.TextOrNull("name_en"), r.GetString("level"),
            new LonLatBox(r.GetDouble("min_lon"), r.GetDouble("min_lat"), r.GetDouble("max_lon"), r.GetDouble("max_lat")));
    }
}
