using System.Data;
using System.Text.Json;
using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Field;

/// <summary>A package's stored header.</summary>
public sealed class PackageHeader
{
    public long Id { get; init; }
    public JsonElement Scope { get; init; }
    public long[] HouseholdIds { get; init; } = [];
    public long? InspectionId { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>A household as the field app carries it.</summary>
public sealed class PackageHousehold
{
    public required string Code { get; init; }
    public required string HeadName { get; init; }
    public int Members { get; init; }
    public required string UnitCode { get; init; }
    public string? SiteCode { get; init; }
    public int Version { get; init; }
    public required string Status { get; init; }
    public JsonElement Milestones { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }
    public string? OriginCode { get; init; }
    public double? OriginLon { get; init; }
    public double? OriginLat { get; init; }
}

/// <summary>The layers of the offline map, each a GeoJSON FeatureCollection as text.</summary>
public sealed class PackageLayers
{
    public required string Sites { get; init; }
    public required string Roads { get; init; }
    public required string Wells { get; init; }
    public required string PowerLines { get; init; }
    public required string Towns { get; init; }
}

/// <summary>Work packages: the households an officer takes into the field, and what the app needs to work offline.</summary>
public static class FieldPackageStore
{
    /// <summary>The households in scope (at most <paramref name="limit"/>): (id, code).</summary>
    public static async Task<List<(long Id, string Code)>> ScopeAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        string? unit, string[]? sites, long? inspection, int limit, CancellationToken ct) =>
        [.. await conn.QueryAsync<(long, string)>(new CommandDefinition(SqlResources.Get("fld_package_scope.sql"),
            new { unit, sites, inspection, limit }, tx, cancellationToken: ct))];

    public static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string scopeJson, long[] ids, long? inspection, int days, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(SqlResources.Get("fld_package_insert.sql"),
            new { scope = scopeJson, ids, inspection, days }, tx, cancellationToken: ct));

    public static async Task<PackageHeader?> GetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<PackageHeader>(new CommandDefinition(SqlResources.Get("fld_package_get.sql"), new { id }, tx, cancellationToken: ct));

    public static async Task<List<PackageHousehold>> HouseholdsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long[] ids, CancellationToken ct) =>
        [.. await conn.QueryAsync<PackageHousehold>(new CommandDefinition(SqlResources.Get("fld_package_households.sql"), new { ids }, tx, cancellationToken: ct))];

    /// <summary>[minLon, minLat, maxLon, maxLat] of what the package covers, or null when nothing in it has a place.</summary>
    public static async Task<double[]?> BboxAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long[] ids, string? unit, string[]? sites, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<double[]>(new CommandDefinition(SqlResources.Get("fld_package_bbox.sql"),
            new { ids, unit, sites = sites ?? [] }, tx, cancellationToken: ct));
        return rows.FirstOrDefault();
    }

    public static async Task<PackageLayers> LayersAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, double[] bbox, CancellationToken ct)
    {
        var box = new { minx = bbox[0], miny = bbox[1], maxx = bbox[2], maxy = bbox[3] };
        // One template for every layer, filled from the collection catalogue (properties as OGC items give them).
        async Task<string> Layer(CollectionSpec c, bool clip) =>
            await conn.QuerySingleAsync<string>(new CommandDefinition(SqlTemplate.Render("fld_package_layer.sql", c,
                ("geometry", clip ? "ST_Intersection(t.geom, ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326))" : "t.geom")), box, tx, cancellationToken: ct));
        return new PackageLayers
        {
            Sites = await Layer(Collections.Sites, false),
            Roads = await Layer(Collections.Roads, true),
            Wells = await Layer(Collections.Wells, false),
            PowerLines = await Layer(Collections.PowerLines, true),
            Towns = await Layer(Collections.Towns, false),
        };
    }

    /// <summary>The first thing a new package names that does not exist, or null.</summary>
    public static async Task<FieldError?> MissingReferenceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string? unit, string[]? sites, long? inspection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("fld_package_references.sql"), conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)unit ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)sites ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)inspection ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (unit is not null && !r.GetBoolean("unit_exists")) return new("unit_code", Rules.Reference, $"No administrative unit {unit}.");
        if (sites is not null && r.TextOrNull("unknown_site") is { } site) return new("site_codes", Rules.Reference, $"No site {site}.");
        if (inspection is not null && !r.GetBoolean("inspection_exists")) return new("inspection_id", Rules.Reference, $"No inspection {inspection}.");
        return null;
    }
}
