using System.Data;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data.Features;

namespace RelocationPlanner.Data.Import;

/// <summary>Progress of an import: rows read so far and the fraction of the file done (0..1).</summary>
public readonly record struct ImportProgress(long Rows, double Fraction, string Stage);

/// <summary>
/// Runs inside an import's transaction just before it commits, with what is about to be stored
/// (a background job records its success there, so the two commit together).
/// </summary>
public delegate Task ImportCommitHook(NpgsqlConnection conn, NpgsqlTransaction tx, ImportResult result, CancellationToken ct);

/// <summary>
/// Imports one file into a collection in ONE transaction: rows are validated as they stream in
/// and binary-COPied into a temp staging table; then codes and unit references are checked in
/// SQL, and one INSERT ... SELECT moves everything. Any error: nothing is stored.
/// </summary>
public static class FeatureImporter
{
    /// <summary>
    /// How long one statement of a bulk write may take (a COPY with its ending, an import's checks
    /// or its storing INSERT, a policy's re-count): the triggers run over every row, and the nation's
    /// 3M households or 5.4M payments take tens of minutes, far past Npgsql's 30 s default.
    /// </summary>
    public const int BulkTimeoutSeconds = 6 * 3600;
    internal static readonly TimeSpan CopyTimeout = TimeSpan.FromSeconds(BulkTimeoutSeconds);

    /// <summary>At most this many row errors are collected; reading stops there.</summary>
    public const int MaxErrors = 1000;

    public static async Task<ImportResult> ImportAsync(NpgsqlDataSource db, CollectionSpec c, ImportSource source, ImportSettings settings,
        string user, IProgress<ImportProgress>? progress, CancellationToken ct, ImportCommitHook? beforeCommit = null)
    {
        var clock = Stopwatch.StartNew();
        var warnings = new List<RowError>();
        ImportResult Result(long imported) => new(c.Id, source.FileName, source.Format, imported, Math.Round(clock.Elapsed.TotalSeconds, 3)) { Warnings = warnings };
        var settingErrors = settings.Check(c).Select(e => new RowError(0, e.Field, e.Rule, e.Message)).ToList();
        if (settingErrors.Count > 0) throw new ImportFailedException(ImportFailure.Invalid, source.FileName, "The field mapping is invalid.", settingErrors);
        // The file's own field names, matched to the collection's properties once: renames and drops are reported.
        if (source.Fields is { } fields)
        {
            var (mapping, fieldWarnings) = SourceFields.Resolve(c, fields, settings.Mapping, dbaseNames: source.Format == "shp", source.NotData);
            settings = settings with { Mapping = mapping };
            warnings.AddRange(fieldWarnings);
        }

        // Fast path for collections with no unit reference to check or derive: COPY straight into
        // the collection (parsing overlaps the server's index work).
        // A clash with stored codes aborts it; the staged path below then names every clashing row.
        if (FeatureStore.UnitReference(c) is null)
            try
            {
                if (await DirectCopy.TryAsync(db, c, source, settings, user, warnings, progress, ct,
                        beforeCommit is null ? null : (conn, tx, rows, token) => beforeCommit(conn, tx, Result(rows), token)) is { } copied)
                    return Result(copied);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation)
            {
                warnings.Clear();
                progress?.Report(new(0, 0, "re-checking"));
            }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, user, ct);
        await Exec(conn, tx, SqlTemplate.Render("import_stage.sql", ("stage_columns", StageColumns(c))), ct);

        var errors = new List<RowError>();
        long row = 0, staged = 0;
        var copy = $"COPY rp_import_stage (row_no, {string.Join(", ", c.Properties.Select(p => p.Name))}, geom) FROM STDIN (FORMAT BINARY)";
        await using (var writer = await conn.BeginBinaryImportAsync(copy, ct))
        {
            writer.Timeout = CopyTimeout;
            await foreach (var doc in source.ReadAsync(ct))
            {
                using (doc)
                {
                    row++;
                    var (feature, rowErrors) = ImportRows.Read(doc.RootElement, row, c, settings);
                    if (feature is null) { errors.AddRange(rowErrors); if (errors.Count >= MaxErrors) break; continue; }
                    if (errors.Count > 0) continue; // nothing will be stored; keep validating only
                    Warn(warnings, row, feature);
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(row, NpgsqlDbType.Bigint, ct);
                    await WriteFeatureAsync(writer, c, feature, ct);
                    staged++;
                }
                if (row % 2000 == 0) progress?.Report(new(row, source.Fraction(row) * 0.9, "reading"));
            }
            if (errors.Count > 0) throw Failed(ImportFailure.Invalid, source, row, errors);
            if (row == 0) throw ImportFailedException.Unreadable(source.FileName, Rules.Empty, "The file holds no features.");
            await writer.CompleteAsync(ct);
        }

        progress?.Report(new(row, 0.9, "checking"));
        await Exec(conn, tx, "ANALYZE rp_import_stage", ct);
        errors.AddRange(await CheckAsync(conn, tx, FeatureStore.Render("import_check_codes.sql", c), c, ct));
        if (FeatureStore.UnitReference(c) is { } refField)
            errors.AddRange(await CheckAsync(conn, tx, SqlTemplate.Render("import_check_units.sql", ("ref", refField)), c, ct));
        if (errors.Count > 0)
            throw Failed(errors.All(e => e.Rule == "duplicate_code") ? ImportFailure.Conflict : ImportFailure.Invalid, source, row, errors);

        progress?.Report(new(row, 0.92, "storing"));
        var imported = await Exec(conn, tx, FeatureStore.Render("import_insert.sql", c), ct);
        if (beforeCommit is not null) await beforeCommit(conn, tx, Result(imported), ct);
        await tx.CommitAsync(ct);
        progress?.Report(new(row, 1, "done"));
        return Result(imported);
    }

    /// <summary>Keeps a stored row's warnings (up to <see cref="MaxErrors"/>).</summary>
    internal static void Warn(List<RowError> warnings, long row, ParsedFeature f)
    {
        foreach (var w in f.Warnings)
            if (warnings.Count < MaxErrors) warnings.Add(new RowError(row, w.Field, w.Rule, w.Message));
    }

    internal static ImportFailedException Failed(ImportFailure kind, ImportSource source, long rows, List<RowError> errors)
    {
        var sorted = errors.OrderBy(e => e.Row).Take(MaxErrors).ToList();
        var more = errors.Count >= MaxErrors ? $" (the first {MaxErrors} are listed)" : "";
        return new ImportFailedException(kind, source.FileName,
            $"{source.FileName}: {errors.Count} problem(s) in {rows} row(s){more}; nothing was imported.", sorted);
    }

    /// <summary>Writes a feature's properties (catalogue order) and its geometry into the current COPY row.</summary>
    internal static async Task WriteFeatureAsync(NpgsqlBinaryImporter w, CollectionSpec c, ParsedFeature f, CancellationToken ct)
    {
        foreach (var p in c.Properties)
        {
            var v = f.Values[p.Name];
            if (v is null) { await w.WriteNullAsync(ct); continue; }
            switch (p.Kind)
            {
                case PropertyKind.Integer: await w.WriteAsync((int)v, NpgsqlDbType.Integer, ct); break;
                case PropertyKind.Decimal: await w.WriteAsync((decimal)v, NpgsqlDbType.Numeric, ct); break;
                case PropertyKind.Date: await w.WriteAsync((DateOnly)v, NpgsqlDbType.Date, ct); break;
                default: await w.WriteAsync((string)v, NpgsqlDbType.Text, ct); break;
            }
        }
        await w.WriteAsync(f.Geometry, NpgsqlDbType.Geometry, ct);
    }

    static string StageColumns(CollectionSpec c) => string.Join(",\n  ", c.Properties.Select(p => p.Name + " " + p.Kind switch
    {
        PropertyKind.Integer => "integer",
        PropertyKind.Decimal => "numeric",
        PropertyKind.Date => "date",
        _ => "text",
    }));

    static async Task<List<RowError>> CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CollectionSpec c, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue(MaxErrors);
        if (sql.Contains("$2", StringComparison.Ordinal)) cmd.Parameters.AddWithValue(c == Collections.AdminUnits);
        var list = new List<RowError>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new RowError(r.GetInt64("row_no"), r.GetString("field"), r.GetString("rule"), r.GetString("message")));
        return list;
    }

    static async Task<int> Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Serialises row errors for problem+json and job documents.</summary>
    public static object[] View(IEnumerable<RowError> errors) =>
        errors.Select(e => (object)new { row = e.Row, field = e.Field, rule = e.Rule, message = e.Message }).ToArray();

}
