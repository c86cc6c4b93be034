using Dapper;
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

    /// <summary>
    /// One layer's rows. The geometries come as the bytes PostGIS sends (EWKB, read raw by name) and are
    /// parsed by NTS's WKBReader on every core afterwards: the parse is most of a reload (200k road
    /// lines), and Npgsql's own geometry reading would do it on this one reading thread.
    /// </summary>
    static async Task<LayerData> LoadLayerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string layer, CancellationToken ct)
    {
        var (ids, codes, statuses, attrs, numbers, names, wkbs) = (new List<long>(), new List<string>(), new List<string>(), new List<string?>(),
            new List<double>(), new List<string?>(), new List<byte[]>());
        await using (var cmd = new NpgsqlCommand(SqlResources.Get(LayerQueries[layer]), conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            var (id, code, status, attribute, number, name, geom) = (r.GetOrdinal("id"), r.GetOrdinal("code"), r.GetOrdinal("status"),
                r.GetOrdinal("attribute"), r.GetOrdinal("number"), r.GetOrdinal("name"), r.GetOrdinal("geom"));
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(id));
                codes.Add(r.GetString(code));
                statuses.Add(r.GetString(status));
                attrs.Add(r.IsDBNull(attribute) ? null : r.GetString(attribute));
                numbers.Add(r.IsDBNull(number) ? double.NaN : r.GetDouble(number));
                names.Add(r.IsDBNull(name) ? null : r.GetString(name));
                var bytes = new byte[r.GetBytes(geom, 0, null, 0, 0)];
                r.GetBytes(geom, 0, bytes, 0, bytes.Length);
                wkbs.Add(bytes);
            }
        }
        var geometries = new Geometry[wkbs.Count];
        Parallel.For(0, wkbs.Count, () => new WKBReader(), (i, _, reader) =>
        {
            geometries[i] = reader.Read(wkbs[i]);
            return reader;
        }, _ => { });
        return new LayerData(layer, [.. ids], [.. codes], [.. statuses], [.. attrs], [.. numbers], [.. names], geometries);
    }

    /// <summary>Every saved site (id order).</summary>
    public static async Task<List<SiteGeometry>> SitesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<SiteGeometry>(new CommandDefinition(SqlResources.Get("sites_all.sql"), cancellationToken: ct))).AsList();
    }

    public static async Task<SiteGeometry?> SiteAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SiteGeometry>(new CommandDefinition(SqlResources.Get("site_get.sql"), new { id }, cancellationToken: ct));
    }
}
