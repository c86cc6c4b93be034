using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Features;

/// <summary>The outcome of a write: what was stored, or what was wrong (nothing stored then).</summary>
public sealed record WriteResult(IReadOnlyList<StoredFeature> Stored, IReadOnlyList<FieldError> Errors, WriteFailure Failure = WriteFailure.None)
{
    public bool Ok => Errors.Count == 0;
    public static WriteResult Fail(WriteFailure failure, params FieldError[] errors) => new([], errors, failure);
}

public enum WriteFailure { None, Invalid, Conflict, NotFound, PreconditionFailed }

public sealed record StoredFeature(long Id, string Code, int Version);

/// <summary>
/// Writes features of any catalogue collection: checks codes and parents against the database,
/// then stores the whole batch in the caller's transaction (all or nothing).
/// </summary>
public static class FeatureStore
{
    public static async Task<WriteResult> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CollectionSpec c,
        IReadOnlyList<ParsedFeature> features, CancellationToken ct, string? fieldPrefix = "features")
    {
        if (features.Count == 0) return new WriteResult([], []);
        var errors = await CheckReferencesAsync(conn, tx, c, features, null, fieldPrefix, ct);
        if (errors.Count > 0) return new WriteResult([], errors, errors.Any(e => e.Rule == "duplicate_code") ? WriteFailure.Conflict : WriteFailure.Invalid);

        var stored = new List<StoredFeature>(features.Count);
        // Batches keep one JSON parameter well under PostgreSQL's 1 GB value limit.
        foreach (var chunk in features.Chunk(20_000))
        {
            await using var cmd = new NpgsqlCommand(Render("insert_features.sql", c), conn, tx);
            cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Jsonb, RowsJson(chunk));
            cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Geometry, chunk.Select(f => f.Geometry).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            // Up to 20 000 rows a batch: the columns are found by name once.
            var (id, code, version) = (r.GetOrdinal("id"), r.GetOrdinal("code"), r.GetOrdinal("version"));
            while (await r.ReadAsync(ct)) stored.Add(new StoredFeature(r.GetInt64(id), r.GetString(code), r.GetInt32(version)));
        }
        return new WriteResult(stored, []);
    }

    public static async Task<WriteResult> UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CollectionSpec c,
        long id, int? expectedVersion, ParsedFeature feature, CancellationToken ct)
    {
        var errors = await CheckReferencesAsync(conn, tx, c, [feature], id, null, ct);
        if (errors.Count > 0) return new WriteResult([], errors, errors.Any(e => e.Rule == "duplicate_code") ? WriteFailure.Conflict : WriteFailure.Invalid);
        await using var cmd = new NpgsqlCommand(Render("update_feature.sql", c), conn, tx);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Jsonb, RowJson(feature).ToJsonString());
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)expectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Geometry, feature.Geometry);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) return new WriteResult([new StoredFeature(r.GetInt64("id"), r.GetString("code"), r.GetInt32("version"))], []);
        return await MissingOrStale(conn, tx, c, id, ct);
    }

    public static async Task<WriteResult> DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CollectionSpec c,
        long id, int? expectedVersion, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Render("delete_feature.sql", c), conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)expectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        if (await cmd.ExecuteScalarAsync(ct) is long) return new WriteResult([], []);
        return await MissingOrStale(conn, tx, c, id, ct);
    }

    static async Task<WriteResult> MissingOrStale(NpgsqlConnection conn, NpgsqlTransaction tx, CollectionSpec c, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Render("feature_version.sql", c), conn, tx);
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(ct) is int current
            ? WriteResult.Fail(WriteFailure.PreconditionFailed, new FieldError("If-Match", Rules.StaleEtag, $"The feature has changed since you read it (now version {current}); reload it and apply your change again."))
            : WriteResult.Fail(WriteFailure.NotFound, new FieldError("id", Rules.NotFound, $"No feature {id} in {c.Id}."));
    }

    /// <summary>Duplicate codes (in the batch or already stored) and unknown parent or unit codes.</summary>
    static async Task<List<FieldError>> CheckReferencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CollectionSpec c,
        IReadOnlyList<ParsedFeature> features, long? updatingId, string? prefix, CancellationToken ct)
    {
        string At(int i, string field) => prefix is null ? field : $"{prefix}[{i}].{field}";
        var errors = new List<FieldError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
            if (!seen.TryAdd(features[i].Code, i))
                errors.Add(new FieldError(At(i, "properties.code"), Rules.DuplicateCode, $"Code {features[i].Code} appears twice in this request (first at feature {seen[features[i].Code]})."));

        var codes = seen.Keys.ToArray();
        foreach (var (id, code) in await ExistingAsync(conn, tx, c, codes, ct))
            if (id != updatingId)
                errors.Add(new FieldError(At(seen[code], "properties.code"), Rules.DuplicateCode, $"{c.Id} already holds code {code}."));

        if (UnitReference(c) is { } refField)
        {
            var wanted = features.Select(f => f.Values[refField] as string).OfType<string>().Distinct().ToArray();
            var known = (await ExistingAsync(conn, tx, Collections.AdminUnits, wanted, ct)).Select(e => e.Code).ToHashSet();
            if (c == Collections.AdminUnits) known.UnionWith(codes);
            for (var i = 0; i < features.Count; i++)
                if (features[i].Values[refField] is string r && !known.Contains(r))
                    errors.Add(new FieldError(At(i, "properties." + refField), Rules.UnknownUnit, $"No administrative unit has code {r}."));
        }
        return errors;
    }

    /// <summary>The property naming an administrative unit that every write checks (a unit's parent, a site's or settlement's unit), or null.</summary>
    internal static string? UnitReference(CollectionSpec c) =>
        c == Collections.AdminUnits ? "parent_code" : c.Property("unit_code") is not null ? "unit_code" : null;

    static async Task<List<(long Id, string Code)>> ExistingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CollectionSpec c, string[] codes, CancellationToken ct)
    {
        var found = new List<(long, string)>();
        if (codes.Length == 0) return found;
        await using var cmd = new NpgsqlCommand(Render("existing_codes.sql", c), conn, tx);
        cmd.Parameters.AddWithValue(codes);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found.Add((r.GetInt64("id"), r.GetString("code")));
        return found;
    }

    static string RowsJson(IEnumerable<ParsedFeature> features)
    {
        var array = new JsonArray();
        foreach (var f in features) array.Add(RowJson(f));
        return array.ToJsonString();
    }

    /// <summary>A feature's properties as a row of its table (the geometry goes as its own parameter).</summary>
    static JsonObject RowJson(ParsedFeature f)
    {
        var row = new JsonObject();
        foreach (var (name, value) in f.Values) row[name] = value is null ? null : JsonSerializer.SerializeToNode(value);
        return row;
    }

    /// <summary>A write template for <paramref name="c"/>; <c>{select}</c> reads the new values from row <c>r</c>.</summary>
    internal static string Render(string file, CollectionSpec c) => SqlTemplate.Render(file, c,
        // A site or settlement without unit_code gets the unit its location falls in.
        ("select", string.Join(", ", c.Properties.Select(p => p.Name == "unit_code" ? "coalesce(r.unit_code, rp_unit_at(r.geom))" : "r." + p.Name))));
}
