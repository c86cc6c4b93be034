using Dapper;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data.Programme;

namespace RelocationPlanner.Data.Registry;

public sealed record DisbursementImportOutcome(long Imported, decimal Amount, IReadOnlyList<RowError> Errors, long ErrorCount);

/// <summary>
/// A payment list into the ledger, all rows or none: parsed and checked as it streams in, copied
/// into a staging table, checked set-based (household, entitlement, running total within it), then
/// stored by one INSERT ... SELECT whose row trigger checks each payment as a single one is checked.
/// Thousands of payments take one statement instead of two round trips each.
/// </summary>
public static class DisbursementImport
{
    public static async Task<DisbursementImportOutcome> ImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TextReader body, CancellationToken ct)
    {
        var csv = new CsvStream(body);
        var errors = new List<RowError>();
        long errorCount = 0;
        void Add(RowError e) { errorCount++; if (errors.Count < HouseholdImport.MaxReportedErrors) errors.Add(e); }
        if (DisbursementCsv.CheckHeader(await csv.ReadAsync(ct)) is { } headerError) return new(0, 0, [headerError], 1);

        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("sub_import_stage.sql"), transaction: tx, cancellationToken: ct));
        long rows = 0;
        decimal amount = 0;
        var today = Money.Today();
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY disbursement_import_rows (row_no, household_code, component, amount, paid_on) FROM STDIN (FORMAT BINARY)", ct))
        {
            while (await csv.ReadAsync(ct) is { } fields)
            {
                var (row, rowErrors) = DisbursementCsv.Parse(csv.Line, fields, today);
                foreach (var e in rowErrors) Add(e);
                if (row is null || errorCount > 0) continue; // keep reading to report every bad row
                rows++; amount += row.Amount;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(csv.Line, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.HouseholdCode, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Component, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Amount, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(row.PaidOn, NpgsqlDbType.Date, ct);
            }
            if (errorCount > 0) return new(0, 0, errors, errorCount); // disposing without Complete cancels the COPY
            await copy.CompleteAsync(ct);
        }
        if (rows == 0) return new(0, 0, [new RowError(2, "$", Rules.Empty, "The file has a header but no rows.")], 1);

        await conn.ExecuteAsync(new CommandDefinition("ANALYZE disbursement_import_rows", transaction: tx, cancellationToken: ct));
        foreach (var e in await conn.QueryAsync<EmploymentStore.ImportError>(new CommandDefinition(SqlResources.Get("sub_import_checks.sql"),
            new { max = HouseholdImport.MaxReportedErrors }, tx, commandTimeout: 600, cancellationToken: ct)))
        {
            errors.Add(new RowError(e.RowNo, e.Field, e.Rule, e.Message));
            errorCount = e.Total;
        }
        if (errorCount > 0) return new(0, 0, errors, errorCount);
        var imported = await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("sub_import_insert.sql"), transaction: tx,
            commandTimeout: 600, cancellationToken: ct));
        return new(imported, Money.Normalize(amount), [], 0);
    }
}
