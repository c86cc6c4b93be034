using System.Data;
using RelocationPlanner.Core.Features;
using Npgsql;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data.Import;

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

    public static async Task<ImportOutcome> ImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TextReader body, CancellationToken ct)
    {
        // Sorts and hashes over a million staged rows stay in memory (the default 4 MB spills to disk).
        await Exec(conn, tx, "SET LOCAL work_mem = '256MB'", ct);
        await Exec(conn, tx, SqlResources.Get("reg_import_stage.sql"), ct);
        long people = 0, milestones = 0;
        var staged = await Staging.CopyAsync(conn, body, HeaderOf, row =>
        {
            people += row.Members;
            milestones += 1 + (row.KeysClaimedOn is null ? 0 : 1) + (row.MovedInOn is null ? 0 : 1);
        }, ct);
        if (staged.ErrorCount > 0) return new ImportOutcome(0, 0, 0, staged.Errors, staged.ErrorCount);
        var errors = new List<RowError>();
        long errorCount = 0;

        // Temporary tables are never auto-analyzed; the checks and inserts need real row counts.
        await Exec(conn, tx, "ANALYZE reg_import_rows", ct);
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("reg_import_checks.sql"), conn, tx))
        {
            cmd.CommandTimeout = FeatureImporter.BulkTimeoutSeconds;
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
        return new ImportOutcome(staged.Rows, people, milestones, [], 0);
    }

    static (CsvRowParser<HouseholdInput>? Parser, RowError? Error) HeaderOf(IReadOnlyList<string>? fields)
    {
        var (layout, error) = HouseholdCsv.ReadHeader(fields);
        return (layout is null ? null : layout.Parse, error);
    }

    /// <summary>The staging table's columns (reg_import_stage.sql) from a checked row.</summary>
    static readonly CsvStaging<HouseholdInput> Staging = new CsvStaging<HouseholdInput>("reg_import_rows") { MaxReportedErrors = MaxReportedErrors }
        .Text("code", r => r.Code).Text("head_name", r => r.HeadName).Integer("members", r => r.Members).Text("unit_code", r => r.UnitCode)
        .Text("origin_settlement_code", r => r.OriginSettlementCode).Text("site_code", r => r.SiteCode).Text("settlement_type", r => r.SettlementType)
        .Date("registered_on", r => r.RegisteredOn).Date("keys_claimed_on", r => r.KeysClaimedOn).Date("moved_in_on", r => r.MovedInOn)
        .Numeric("house_area_m2", r => r.Facts?.HouseAreaM2).Numeric("self_paid", r => r.Facts?.SelfPaid).Integer("labour_members", r => r.Facts?.LabourMembers)
        .Date("old_house_demolished_on", r => r.Facts?.OldHouseDemolishedOn).Date("homestead_reclaimed_on", r => r.Facts?.HomesteadReclaimedOn)
        .Text("old_house_exempt_reason", r => r.Facts?.OldHouseExemptReason);

    static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = FeatureImporter.BulkTimeoutSeconds };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
