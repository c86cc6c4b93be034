using System.Globalization;
using System.Text;
using NetTopologySuite.IO;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;

namespace RelocationPlanner.Data.Import;

/// <summary>
/// The fast import path for collections without derived columns: validated rows go by text COPY
/// straight into the collection table inside one transaction (row stamps and the statement-level
/// history trigger fire as for any insert). Throws ImportFailedException for row errors, and
/// PostgresException on a clash with stored data (duplicate codes), which the staged path then reports row by row.
/// </summary>
static class DirectCopy
{
    static readonly WKBWriter Ewkb = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false);

    public static async Task<long?> TryAsync(NpgsqlDataSource db, CollectionSpec c, ImportSource source, ImportSettings settings,
        string user, List<RowError> warnings, IProgress<ImportProgress>? progress, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, long, CancellationToken, Task>? beforeCommit = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, user, ct);
        var errors = new List<RowError>();
        long row = 0;
        var copy = $"COPY {c.Table} ({string.Join(", ", c.Properties.Select(p => p.Name))}, geom) FROM STDIN";
        var writer = await conn.BeginTextImportAsync(copy, ct);
        // The end of COPY runs the history and infrastructure-parts triggers over every row: a
        // large import takes minutes there, far past the default command timeout.
        ((NpgsqlCopyTextWriter)writer).Timeout = (int)FeatureImporter.CopyTimeout.TotalMilliseconds;
        var line = new StringBuilder(512);
        try
        {
            await foreach (var doc in source.ReadAsync(ct))
            {
                using (doc)
                {
                    row++;
                    var (feature, rowErrors) = ImportRows.Read(doc.RootElement, row, c, settings);
                    if (feature is null) { errors.AddRange(rowErrors); if (errors.Count >= FeatureImporter.MaxErrors) break; continue; }
                    if (errors.Count > 0) continue;
                    FeatureImporter.Warn(warnings, row, feature);
                    line.Clear();
                    foreach (var p in c.Properties) Append(line, feature.Values[p.Name]).Append('\t');
                    line.Append(Convert.ToHexString(Ewkb.Write(feature.Geometry))).Append('\n');
                    await writer.WriteAsync(line, ct);
                }
                if (row % 2000 == 0) progress?.Report(new(row, source.Fraction(row) * 0.95, "reading"));
            }
        }
        catch
        {
            await CancelAsync(writer);
            throw;
        }
        if (errors.Count > 0)
        {
            await CancelAsync(writer);
            throw FeatureImporter.Failed(ImportFailure.Invalid, source, row, errors);
        }
        if (row == 0)
        {
            await CancelAsync(writer);
            throw ImportFailedException.Unreadable(source.FileName, Rules.Empty, "The file holds no features.");
        }
        progress?.Report(new(row, 0.95, "storing"));
        await writer.DisposeAsync(); // completes the COPY; indexes, constraints and history are done here
        if (beforeCommit is not null) await beforeCommit(conn, tx, row, ct);
        await tx.CommitAsync(ct);
        progress?.Report(new(row, 1, "done"));
        return row;
    }

    static async Task CancelAsync(TextWriter writer)
    {
        try
        {
            if (writer is NpgsqlCopyTextWriter w) await w.CancelAsync();
            await writer.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Cancelling ended the COPY already; the transaction is rolled back on dispose.
        }
    }

    /// <summary>A value in COPY text format: \N for null, backslash escapes for tab, newline and backslash.</summary>
    static StringBuilder Append(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null: return sb.Append("\\N");
            case DateOnly d: return sb.Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case IFormattable f: return sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
        }
        foreach (var ch in (string)v)
            sb.Append(ch switch { '\\' => "\\\\", '\t' => "\\t", '\n' => "\\n", '\r' => "\\r", _ => ch.ToString() });
        return sb;
    }
}
