using System.Data;
using Npgsql;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Data.Map;

/// <summary>One unit's identity and bounding box (degrees, SRID 4326).</summary>
public sealed record UnitExtent(string Code, string Name, string? NameEn, string Level, LonLatBox Bbox);

/// <summary>A unit as a picker lists it.</summary>
public sealed record UnitOption(string Code, string Name, string Level);

/// <summary>The units a picker offers under one parent (null: the top units), in code order.</summary>
public sealed record UnitList(string? Parent, List<UnitOption> Units);

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

    /// <summary>
    /// The lists a unit picker shows opened at <paramref name="open"/> (null: the top units): the
    /// units each of its ancestors and itself were chosen among, then its children; a last list
    /// of one unit opens by itself (a province's only city) until there is a choice. Null when
    /// <paramref name="open"/> is no unit. At most <paramref name="perList"/> units a list.
    /// </summary>
    public static async Task<List<UnitList>?> UnitTreeAsync(NpgsqlDataSource db, string? open, int perList, CancellationToken ct)
    {
        var lists = await ReadTreeAsync(db, open, perList, ct);
        if (open is not null && !lists.Any(l => l.Units.Any(u => u.Code == open))) return null;
        while (lists.Count is > 0 and < 10 && lists[^1].Units is [var only])
        {
            var below = await ReadTreeAsync(db, only.Code, perList, ct);
            if (below[^1].Parent != only.Code) break;
            lists.Add(below[^1]);
        }
        return lists;
    }

    static async Task<List<UnitList>> ReadTreeAsync(NpgsqlDataSource db, string? open, int perList, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("unit_tree.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)open ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(perList);
        var lists = new List<UnitList>();
        var up = -1;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (r.GetInt32("up") != up)
            {
                up = r.GetInt32("up");
                lists.Add(new UnitList(r.TextOrNull("parent"), []));
            }
            lists[^1].Units.Add(new UnitOption(r.GetString("code"), r.GetString("name"), r.GetString("level")));
        }
        return lists;
    }
}
