using System.Text.Json;
using Dapper;
using Npgsql;

namespace RelocationPlanner.Data.Field;

/// <summary>What a photo is of, and how far its declared position is from where it belongs.</summary>
public sealed class EvidenceTarget
{
    public long? HouseholdId { get; init; }
    public string? HouseholdCode { get; init; }
    public string? SiteCode { get; init; }
    public bool InPackage { get; init; }
    public double? DistanceM { get; init; }
}

/// <summary>A photo to store, checked.</summary>
public sealed record NewEvidence(long? HouseholdId, string? SiteCode, string Step, DateTimeOffset TakenAt, double Lon, double Lat,
    double? AccuracyM, string? Device, string MediaType, int Width, int Height, string Sha256, string? ExifJson, double? DistanceM,
    string[] Flags, byte[] Photo, byte[] Thumbnail);

/// <summary>A photo's document (everything but the bytes).</summary>
public sealed class EvidenceDocument
{
    public long Id { get; init; }
    public string? HouseholdCode { get; init; }
    public string? SiteCode { get; init; }
    public required string Step { get; init; }
    public DateTime TakenAt { get; init; }
    public double Lon { get; init; }
    public double Lat { get; init; }
    public double? AccuracyM { get; init; }
    public string? Device { get; init; }
    public required string MediaType { get; init; }
    public int Bytes { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public required string Sha256 { get; init; }
    public JsonElement? Exif { get; init; }
    public double? DistanceM { get; init; }
    public string[] Flags { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public string Url => $"/api/evidence/{Id}";
    public string Thumbnail => $"/api/evidence/{Id}/thumbnail";
}

/// <summary>Bytes to send back: the photo as uploaded, or its thumbnail.</summary>
public sealed class EvidenceBytes
{
    public required string MediaType { get; init; }
    public required byte[] Data { get; init; }
    public required string Sha256 { get; init; }
}

/// <summary>Photo evidence, stored in the database (so backups carry it).</summary>
public static class EvidenceStore
{
    public static async Task<EvidenceTarget?> TargetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string? household, string? site,
        bool atOrigin, double lon, double lat, string user, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<EvidenceTarget>(new CommandDefinition(SqlResources.Get("fld_evidence_target.sql"),
            new { household, site, at_origin = atOrigin, lon, lat, user }, tx, cancellationToken: ct));

    public static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NewEvidence e, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(SqlResources.Get("fld_evidence_insert.sql"), new
        {
            household_id = e.HouseholdId,
            site_code = e.SiteCode,
            step = e.Step,
            taken_at = e.TakenAt.UtcDateTime,
            lon = e.Lon,
            lat = e.Lat,
            accuracy_m = e.AccuracyM,
            device = e.Device,
            media_type = e.MediaType,
            bytes = e.Photo.Length,
            width = e.Width,
            height = e.Height,
            sha256 = e.Sha256,
            exif = e.ExifJson,
            distance_m = e.DistanceM,
            flags = e.Flags,
            photo = e.Photo,
            thumbnail = e.Thumbnail,
        }, tx, cancellationToken: ct));

    public static async Task<List<EvidenceDocument>> ListAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long? id, string? household, string? site, CancellationToken ct) =>
        [.. await conn.QueryAsync<EvidenceDocument>(new CommandDefinition(SqlResources.Get("fld_evidence_list.sql"), new { id, household, site }, tx, cancellationToken: ct))];

    public static async Task<EvidenceBytes?> BytesAsync(NpgsqlDataSource db, long id, bool thumbnail, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<EvidenceBytes>(new CommandDefinition(SqlResources.Get("fld_evidence_bytes.sql"), new { id, thumbnail }, cancellationToken: ct));
    }

    public static async Task<string> GeoJsonAsync(NpgsqlDataSource db, double[]? bbox, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<string>(new CommandDefinition(SqlResources.Get("fld_evidence_geojson.sql"),
            new { minx = bbox?[0], miny = bbox?[1], maxx = bbox?[2], maxy = bbox?[3] }, cancellationToken: ct)) ?? "";
    }

    /// <summary>The ids among <paramref name="ids"/> that are not photos of the household.</summary>
    public static async Task<List<long>> NotOfHouseholdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long household, long[] ids, CancellationToken ct) =>
        [.. await conn.QueryAsync<long>(new CommandDefinition(SqlResources.Get("fld_evidence_of_household.sql"), new { ids, household }, tx, cancellationToken: ct))];
}
