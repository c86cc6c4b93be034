using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Data.Scoring;

/// <summary>A saved site's geometry.</summary>
public sealed record SiteGeometry(long Id, string Code, Geometry Geometry);

/// <summary>Reads for the scoring capability: layers for the in-memory indexes, versions, sites.</summary>
public static class ScoringData
{
    /// <summary>Tables the scoring cache mirrors; the values are the embedded query for each.</summary>
    public static readonly IReadOnlyDictionary<string, string> LayerQueries = new Dictionary<string, string>
    {
        ["roads"] = "layer_roads.sql",
        ["wells"] = "layer_wells.sql",
        ["power_lines"] = "layer_power_lines.sql",
        ["towns"] = "layer_towns.sql",
        ["settlements"] = "layer_settlements.sql",
        ["exclusion_zones"] = "layer_exclusion_zones.sql",
    };

    /// <summary>The infrastructure tables whose versions make up a scoring run's data version: the mirrored ones.</summary>
    public static readonly string[] InfrastructureTables = [.. LayerQueries.Keys];


    /// <summary>
    /// Reads <paramref name="layers"/> and all data versions in one REPEATABLE READ snapshot, so the
    /// versions describe exactly the rows read (a write committed meanwhile bumps a later version).
    /// </summary>
    public static async Task<LayerSnapshot> LoadAsync(NpgsqlDataSource db, IReadOnlyCollection<string> layers, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var versions = await DataVersions.ReadAsync(conn, tx, InfrastructureTables, ct);
        var result = new Dictionary<string, LayerData>();
        foreach (var layer in layers) result[layer] = await LoadLayerAsync(conn, tx, layer, ct);
        await tx.CommitAsync(ct);
        return new LayerSnapshot(versions, result);
    }

    static async Task<LayerData> LoadLayerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string layer, CancellationToken ct)
    {
        var ids = new List<long>();
        var codes = new List<string>();
        var statuses = new List<string>();
        var attrs = new List<string?>();
        var numbers = new List<double>();
        var names = new List<string?>();
        var wkbs = new List<byte[]>();
        await using (var cmd = new NpgsqlCommand(SqlResources.Get(LayerQueries[layer]), conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(0));
                codes.Add(r.GetString(1));
                statuses.Add(r.GetString(2));
                attrs.Add(r.IsDBNull(3) ? null : r.GetString(3));
                numbers.Add(r.IsDBNull(4) ? double.NaN : r.GetDouble(4));
                names.Add(r.IsDBNull(5) ? null : r.GetString(5));
                wkbs.Add(r.GetFieldValue<byte[]>(6));
            }
        }
        // WKB parsing is the costly part of a reload: spread it over the cores.
        var geoms = new Geometry[wkbs.Count];
        Parallel.For(0, wkbs.Count, () => new WKBReader(), (i, _, reader) =>
        {
            geoms[i] = reader.Read(wkbs[i]);
            geoms[i].SRID = 4326;
            return reader;
        }, _ => { });
        return new LayerData(layer, [.. ids], [.. codes], [.. statuses], [.. attrs], [.. numbers], [.. names], geoms);
    }

    /// <summary>Every saved site (id order).</summary>
    public static async Task<List<SiteGeometry>> SitesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("sites_all.sql"));
        return await ReadSitesAsync(cmd, ct);
    }

    public static async Task<SiteGeometry?> SiteAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("site_get.sql"));
        cmd.Parameters.AddWithValue(id);
        return (await ReadSitesAsync(cmd, ct)).FirstOrDefault();
    }

    static async Task<List<SiteGeometry>> ReadSitesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var reader = new WKBReader();
        var sites = new List<SiteGeometry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var g = reader.Read(r.GetFieldValue<byte[]>(2));
            g.SRID = 4326;
            sites.Add(new SiteGeometry(r.GetInt64(0), r.GetString(1), g));
        }
        return sites;
    }
}
