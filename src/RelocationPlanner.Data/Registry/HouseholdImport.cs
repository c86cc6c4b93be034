using System.Data;
using RelocationPlanner.Core.Features;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Data.Registry;

public sealed record ImportOutcome(long Imported, long People, long Milestones, IReadOnlyList<RowError> Errors, long ErrorCount);

/// <summary>
/// The registry CSV import, all rows or none: records are parsed and checked as they stream in
/// and copied (binary COPY) into a staging table, checked set-based against stored data, then
/// stored by one INSERT ... SELECT statement (households, then their milestones) in the caller's transaction.
/// </summary>
public static class HouseholdImport
{
    public const int MaxReportedErrors = 1000;

    /// <summary>A million rows take tens of seconds; Npgsql's 30 s default would cut them off.</summary>
    const int StatementTimeoutSeconds = 600;

    public static async Task<ImportOutcome> ImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TextReader body, CancellationToken ct)
    {
        var csv = new CsvStream(body);
        var errors = new List<RowError>();
        long errorCount = 0;
        void Add(RowError e) { errorCount++; if (errors.Count < MaxReportedErrors) errors.Add(e); }

        var (layout, headerError) = HouseholdCsv.ReadHeader(await csv.ReadAsync(ct));
        if (layout is null) return new ImportOutcome(0, 0, 0, [headerError!], 1);

        // Sorts and hashes over a million staged rows stay in memory (the default 4 MB spills to disk).
        await Exec(conn, tx, "SET LOCAL work_mem = '256MB'", ct);
        await Exec(conn, tx, SqlResources.Get("reg_import_stage.sql"), ct);
        long rows = 0, people = 0, milestones = 0;
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY reg_import_rows (row_no, code, head_name, members, unit_code, origin_settlement_code, site_code, settlement_type, registered_on, keys_claimed_on, moved_in_on, " +
            "house_area_m2, self_paid, labour_members, old_house_demolished_on, homestead_reclaimed_on, old_house_exempt_reason) FROM STDIN (FORMAT BINARY)", ct))
        {
            while (await csv.ReadAsync(ct) is { } fields)
            {
                var (row, rowErrors) = layout.Parse(csv.Line, fields);
                foreach (var e in rowErrors) Add(e);
                if (row is null || errorCount > 0) continue; // keep reading to report every bad row
                rows++; people += row.Members;
                milestones += 1 + (row.KeysClaimedOn is null ? 0 : 1) + (row.MovedInOn is null ? 0 : 1);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(csv.Line, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.Code, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.HeadName, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Members, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.UnitCode, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, row.OriginSettlementCode, ct);
                await WriteNullable(copy, row.SiteCode, ct);
                await copy.WriteAsync(row.SettlementType, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.RegisteredOn, NpgsqlDbType.Date, ct);
                await WriteNullable(copy, row.KeysClaimedOn, ct);
                await WriteNullable(copy, row.MovedInOn, ct);
                var facts = row.Facts ?? HouseholdFacts.None;
                await WriteNullable(copy, facts.HouseAreaM2, ct);
                await WriteNullable(copy, facts.SelfPaid, ct);
                if (facts.LabourMembers is { } labour) await copy.WriteAsync(labour, NpgsqlDbType.Integer, ct); else await copy.WriteNullAsync(ct);
                await WriteNullable(copy, facts.OldHouseDemolishedOn, ct);
                await WriteNullable(copy, facts.HomesteadReclaimedOn, ct);
                await WriteNullable(copy, facts.OldHouseExemptReason, ct);
            }
            if (errorCount > 0) return new ImportOutcome(0, 0, 0, errors, errorCount); // disposing without Complete cancels the COPY
            await copy.CompleteAsync(ct);
        }
        if (rows == 0) return new ImportOutcome(0, 0, 0, [new RowError(2, "$", "empty", "The file has a header but no households.")], 1);

        // Temporary tables are never auto-analyzed; the checks and inserts need real row counts.
        await Exec(conn, tx, "ANALYZE reg_import_rows", ct);
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("reg_import_checks.sql"), conn, tx))
        {
            cmd.CommandTimeout = StatementTimeoutSeconds;
            cmd.Parameters.AddWithValue(MaxReportedErrors);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                errors.Add(new RowError(r.GetInt64("row_no"), r.GetString("field"), r.GetString("rule"), r.GetString("message")));
                errorCount = r.GetInt64("total");
            }
        }
        if (errorCount > 0) return new ImportOutcome(0, 0, 0, errors, errorCount);

        await Exec(conn, tx, SqlResources.Get("reg_import_insert.sql"), ct);
        return new ImportOutcome(rows, people, milestones, [], 0);
    }

    static Task WriteNullable(NpgsqlBinaryImporter copy, string? s, CancellationToken ct) =>
        s is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(s, NpgsqlDbType.Text, ct);

    static Task WriteNullable(NpgsqlBinaryImporter copy, decimal? d, CancellationToken ct) =>
        d is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(d.Value, NpgsqlDbType.Numeric, ct);

    static Task WriteNullable(NpgsqlBinaryImporter copy, DateOnly? d, CancellationToken ct) =>
        d is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(d.Value, NpgsqlDbType.Date, ct);

    static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = StatementTimeoutSeconds };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
