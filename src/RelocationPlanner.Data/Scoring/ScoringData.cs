using Dapper;
using NetTopologySuite.Geometries;
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

    /// <summary>One row of a layer query (columns named to match).</summary>
    sealed record LayerRow(long Id, string Code, string Status, string? Attribute, double? Number, string? Name, Geometry Geom);

    static async Task<LayerData> LoadLayerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string layer, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<LayerRow>(new CommandDefinition(SqlResources.Get(LayerQueries[layer]), transaction: tx, cancellationToken: ct))).AsList();
        return new LayerData(layer, [.. rows.Select(r => r.Id)], [.. rows.Select(r => r.Code)], [.. rows.Select(r => r.Status)],
            [.. rows.Select(r => r.Attribute)], [.. rows.Select(r => r.Number ?? double.NaN)], [.. rows.Select(r => r.Name)], [.. rows.Select(r => r.Geom)]);
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
