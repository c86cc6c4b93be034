using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;

namespace RelocationPlanner.Data.Import;

/// <summary>
/// The fast import path for collections without derived columns: validated rows go by binary COPY
/// straight into the collection table inside one transaction (row stamps and the statement-level
/// history trigger fire as for any insert). Throws ImportFailedException for row errors, and
/// PostgresException on a clash with stored data (duplicate codes), which the staged path then reports row by row.
/// </summary>
static class DirectCopy
{
    public static async Task<long?> TryAsync(NpgsqlDataSource db, CollectionSpec c, ImportSource source, ImportSettings settings,
        string user, List<RowError> warnings, IProgress<ImportProgress>? progress, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, long, CancellationToken, Task>? beforeCommit = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, user, ct);
        var errors = new List<RowError>();
        long row = 0;
        var copy = $"COPY {c.Table} ({string.Join(", ", c.Properties.Select(p => p.Name))}, geom) FROM STDIN (FORMAT BINARY)";
        // Disposing the writer without completing it cancels the COPY (errors, exceptions).
        await using (var writer = await conn.BeginBinaryImportAsync(copy, ct))
        {
            // The end of COPY runs the history and infrastructure-parts triggers over every row: a
            // large import takes minutes there, far past the default command timeout.
            writer.Timeout = FeatureImporter.CopyTimeout;
            await foreach (var doc in source.ReadAsync(ct))
            {
                using (doc)
                {
                    row++;
                    var (feature, rowErrors) = ImportRows.Read(doc.RootElement, row, c, settings);
                    if (feature is null) { errors.AddRange(rowErrors); if (errors.Count >= FeatureImporter.MaxErrors) break; continue; }
                    if (errors.Count > 0) continue;
                    FeatureImporter.Warn(warnings, row, feature);
                    await writer.StartRowAsync(ct);
                    await FeatureImporter.WriteFeatureAsync(writer, c, feature, ct);
                }
                if (row % 2000 == 0) progress?.Report(new(row, source.Fraction(row) * 0.95, "reading"));
            }
            if (errors.Count > 0) throw FeatureImporter.Failed(ImportFailure.Invalid, source, row, errors);
            if (row == 0) throw ImportFailedException.Unreadable(source.FileName, Rules.Empty, "The file holds no features.");
            progress?.Report(new(row, 0.95, "storing"));
            await writer.CompleteAsync(ct); // indexes, constraints and history are done here
        }
        if (beforeCommit is not null) await beforeCommit(conn, tx, row, ct);
        await tx.CommitAsync(ct);
        progress?.Report(new(row, 1, "done"));
        return row;
    }
}
