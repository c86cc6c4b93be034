using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Programme;

namespace RelocationPlanner.Data.Registry;

public sealed record DisbursementImportOutcome(long Imported, decimal Amount, IReadOnlyList<RowError> Errors, long ErrorCount);

/// <summary>
/// A payment list into the ledger, all rows or none: parsed and checked as it streams in, copied
/// into a staging table, its households locked (in id order, as every ledger writer locks them),
/// checked set-based by the ledger's own rules (every bad line named), then stored by one
/// INSERT ... SELECT whose statement trigger checks the batch again, set-based, as the authority.
/// </summary>
public static class DisbursementImport
{
    public static async Task<DisbursementImportOutcome> ImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TextReader body, CancellationToken ct)
    {
        // Window sums and hashes over a million staged payments stay in memory (the default 4 MB spills to disk).
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("sub_import_stage.sql"), transaction: tx, cancellationToken: ct));
        decimal amount = 0;
        var today = Money.Today();
        var staged = await Staging.CopyAsync(conn, body,
            header => DisbursementCsv.CheckHeader(header) is { } e ? (null, e) : ((line, f) => DisbursementCsv.Parse(line, f, today), null),
            row => amount += row.Amount, ct);
        if (staged.ErrorCount > 0) return new(0, 0, staged.Errors, staged.ErrorCount);
        var errors = new List<RowError>();
        long errorCount = 0;

        await conn.ExecuteAsync(new CommandDefinition("ANALYZE disbursement_import_rows", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("sub_import_lock.sql"), transaction: tx, commandTimeout: FeatureImporter.BulkTimeoutSeconds, cancellationToken: ct));
        foreach (var e in await conn.QueryAsync<EmploymentStore.ImportError>(new CommandDefinition(SqlResources.Get("sub_import_checks.sql"),
            new { max = HouseholdImport.MaxReportedErrors }, tx, commandTimeout: FeatureImporter.BulkTimeoutSeconds, cancellationToken: ct)))
        {
            errors.Add(new RowError(e.RowNo, e.Field, e.Rule, e.Message));
            errorCount = e.Total;
        }
        if (errorCount > 0) return new(0, 0, errors, errorCount);
        var imported = await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("sub_import_insert.sql"), transaction: tx,
            commandTimeout: FeatureImporter.BulkTimeoutSeconds, cancellationToken: ct));
        return new(imported, Money.Normalize(amount), [], 0);
    }

    /// <summary>The staging table's columns (sub_import_stage.sql) from a checked row.</summary>
    static readonly CsvStaging<DisbursementRow> Staging = new CsvStaging<DisbursementRow>("disbursement_import_rows") { MaxReportedErrors = HouseholdImport.MaxReportedErrors }
        .Text("household_code", r => r.HouseholdCode).Text("component", r => r.Component).Numeric("amount", r => r.Amount).Date("paid_on", r => r.PaidOn);
}
