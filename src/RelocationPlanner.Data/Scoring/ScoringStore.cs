using System.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Scoring;
using System.Text.Json;

namespace RelocationPlanner.Data.Scoring;

/// <summary>A saved profile version; <see cref="BodyJson"/> is the profile as JSON.</summary>
public sealed record StoredProfile(string Code, int Version, string BodyJson, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Latest version of a profile, for the list.</summary>
public sealed record ProfileSummary(string Code, int Version, string? Name, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A stored scoring run's metadata; its per-site results are rows read by <see cref="ScoringStore.RunSitesAsync"/>.</summary>
public sealed record StoredRun(long Id, string ProfileCode, int ProfileVersion, long DataVersion, string DataVersionsJson, Guid? JobId,
    int SiteCount, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Writes and reads of profiles, runs and exclusion zones.</summary>
public static class ScoringStore
{
    /// <summary>
    /// The saved profile <paramref name="reference"/> names: a code (its latest version) or
    /// <c>code@version</c>. Errors name <paramref name="field"/>.
    /// </summary>
    public static async Task<(ScoringProfile? Profile, List<FieldError> Errors)> ProfileByReferenceAsync(NpgsqlDataSource db, string reference, string field, CancellationToken ct)
    {
        var parts = reference.Split('@', 2);
        int? version = null;
        if (parts.Length == 2)
        {
            if (!int.TryParse(parts[1], out var v) || v < 1)
                return (null, [new FieldError(field, Rules.ProfileVersion, $"'{reference}': the version after '@' must be a positive integer.")]);
            version = v;
        }
        if (await ProfileAsync(db, parts[0], version, ct) is not { } stored)
            return (null, [new FieldError(field, Rules.UnknownProfile, $"No saved scoring profile '{reference}'.")]);
        var profile = JsonSerializer.Deserialize<ScoringProfile>(stored.BodyJson)! with { Code = stored.Code, Version = stored.Version };
        return (profile, []);
    }

    public static async Task<StoredProfile?> ProfileAsync(NpgsqlDataSource db, string code, int? version, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("profile_get.sql"));
        cmd.Parameters.AddWithValue(code);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StoredProfile(code, r.GetInt32("version"), r.GetString("body"), r.GetString("created_by"), r.GetFieldValue<DateTimeOffset>("created_at"));
    }

    public static async Task<List<ProfileSummary>> ProfilesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("profile_list.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ProfileSummary>();
        while (await r.ReadAsync(ct))
            list.Add(new ProfileSummary(r.GetString("code"), r.GetInt32("version"), r.TextOrNull("name"), r.GetString("created_by"), r.GetFieldValue<DateTimeOffset>("created_at")));
        return list;
    }

    /// <summary>Saves <paramref name="bodyJson"/> as the next version of <paramref name="code"/>; returns that version.</summary>
    public static async Task<(int Version, DateTimeOffset CreatedAt)> SaveProfileAsync(NpgsqlDataSource db, string code, string bodyJson, string user, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("profile_insert.sql"));
        cmd.Parameters.AddWithValue(code);
        cmd.Parameters.AddWithValue(bodyJson);
        cmd.Parameters.AddWithValue(user);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt32("version"), r.GetFieldValue<DateTimeOffset>("created_at"));
    }

    /// <summary>
    /// Stores a run and its per-site rows (copied from <paramref name="results"/>) in one transaction
    /// as <paramref name="user"/>: all or nothing. A second call for the same job stores nothing and
    /// answers the run stored first. <paramref name="copied"/> hears of the rows copied so far.
    /// </summary>
    public static async Task<(long Id, DateTimeOffset CreatedAt)> SaveRunAsync(NpgsqlDataSource db, string profileCode, int profileVersion,
        long dataVersion, string dataVersionsJson, Guid? jobId, RunSpool results, string user, Action<int>? copied, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, user, ct);
        (long Id, DateTimeOffset CreatedAt)? stored = null;
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("run_insert.sql"), conn, tx))
        {
            cmd.Parameters.AddWithValue(profileCode);
            cmd.Parameters.AddWithValue(profileVersion);
            cmd.Parameters.AddWithValue(dataVersion);
            cmd.Parameters.AddWithValue(dataVersionsJson);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)jobId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            cmd.Parameters.AddWithValue(results.Count);
            cmd.Parameters.AddWithValue(user);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) stored = (r.GetInt64("id"), r.GetFieldValue<DateTimeOffset>("created_at"));
        }
        if (stored is not { } run)
        {
            await tx.RollbackAsync(ct);
            return await RunOfJobAsync(conn, jobId!.Value, ct);
        }
        await using (var copy = await conn.BeginBinaryImportAsync(RunSitesCopy, ct))
        {
            // The end of COPY checks the primary key of every row: the nation's runs take longer than the default timeout.
            copy.Timeout = Import.FeatureImporter.CopyTimeout;
            await results.CopyToAsync(copy, run.Id, copied, ct);
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return run;
    }

    /// <summary>Npgsql takes a COPY command only as its first word (no leading comment), so it is here, not in a .sql file; RunSpool writes its columns in this order.</summary>
    const string RunSitesCopy = "COPY scoring_run_sites (run_id, site_id, code, score, excluded, reasons, criteria) FROM STDIN (FORMAT BINARY)";

    static async Task<(long Id, DateTimeOffset CreatedAt)> RunOfJobAsync(NpgsqlConnection conn, Guid jobId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("run_by_job.sql"), conn);
        cmd.Parameters.AddWithValue(jobId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new InvalidOperationException($"Job {jobId}'s run was neither stored nor found.");
        return (r.GetInt64("id"), r.GetFieldValue<DateTimeOffset>("created_at"));
    }

    public static async Task<StoredRun?> RunAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("run_get.sql"));
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StoredRun(r.GetInt64("id"), r.GetString("profile_code"), r.GetInt32("profile_version"), r.GetInt64("data_version"), r.GetString("data_versions"),
            r.ValueOrNull<Guid>("job_id"), r.GetInt32("site_count"), r.GetString("created_by"), r.GetFieldValue<DateTimeOffset>("created_at"));
    }

    /// <summary>
    /// Run <paramref name="runId"/>'s results after site <paramref name="afterSiteId"/> in site id
    /// order, at most <paramref name="limit"/> (null: all of them, streamed row by row).
    /// </summary>
    public static async IAsyncEnumerable<RunSiteResult> RunSitesAsync(NpgsqlDataSource db, long runId, long afterSiteId, int? limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("run_sites.sql"));
        cmd.Parameters.AddWithValue(runId);
        cmd.Parameters.AddWithValue(afterSiteId);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)limit ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var r = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await r.ReadAsync(ct))
            yield return new RunSiteResult(r.GetInt64("site_id"), r.TextOrNull("code"), r.GetDouble("score"), r.GetBoolean("excluded"),
                r.GetFieldValue<string[]>("reasons"), DapperSetup.FromJson<CriterionResult[]>(r.GetString("criteria")));
    }

    /// <summary>Data version of the newest run of <paramref name="profileCode"/>, or null when it never ran.</summary>
    public static async Task<long?> LatestRunDataVersionAsync(NpgsqlDataSource db, string profileCode, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("run_latest_version.sql"));
        cmd.Parameters.AddWithValue(profileCode);
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }

    /// <summary>Inserts an exclusion zone inside the caller's transaction (so history records the user).</summary>
    public static async Task<(long Id, int Version)> InsertZoneAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, string name, string kind,
        Geometry polygon, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("zone_insert.sql"), conn, tx);
        cmd.Parameters.AddWithValue(code);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.AddWithValue(polygon);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64("id"), r.GetInt32("version"));
    }

    /// <summary>Stored zones: id, code, name, kind and the geometry as GeoJSON text.</summary>
    public static async Task<List<(long Id, string Code, string Name, string Kind, string GeoJson)>> ZonesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("zone_list.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<(long, string, string, string, string)>();
        while (await r.ReadAsync(ct)) list.Add((r.GetInt64("id"), r.GetString("code"), r.GetString("name"), r.GetString("kind"), r.GetString("geojson")));
        return list;
    }
}
