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

/// <summary>What the photo's own EXIF says (taken_at in UTC, ISO 8601), kept beside what was declared.</summary>
public sealed record EvidenceExif(string? TakenAt, double? Lon, double? Lat);

/// <summary>A photo to store, checked.</summary>
public sealed record NewEvidence(long? HouseholdId, string? SiteCode, string Step, DateTimeOffset TakenAt, double Lon, double Lat,
    double? AccuracyM, string? Device, string MediaType, int Width, int Height, string Sha256, EvidenceExif? Exif, double? DistanceM,
    string[] Flags, byte[] Photo, byte[] Thumbnail);

/// <summary>A photo's document (everything but the bytes).</summary>
public sealed class EvidenceDocument
{
    public required long Id { get; init; }
    public required string? HouseholdCode { get; init; }
    public required string? SiteCode { get; init; }
    public required string Step { get; init; }
    public required DateTime TakenAt { get; init; }
    public required double Lon { get; init; }
    public required double Lat { get; init; }
    public required double? AccuracyM { get; init; }
    public required string? Device { get; init; }
    public required string MediaType { get; init; }
    public required int Bytes { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required string Sha256 { get; init; }
    public required EvidenceExif? Exif { get; init; }
    public required double? DistanceM { get; init; }
    public required string[] Flags { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string Url { get; init; }
    public required string Thumbnail { get; init; }
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
            exif = e.Exif is null ? null : DapperSetup.ToJson(e.Exif),
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
