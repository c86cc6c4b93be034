using CsvHelper;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Import;

/// <summary>What staging a CSV found: the rows copied, the first errors (up to the limit) and how many there were.</summary>
public sealed record StagedCsv(long Rows, IReadOnlyList<RowError> Errors, long ErrorCount);

/// <summary>Parses one record (its line number and fields) into a row, or says why not.</summary>
public delegate (TRow? Row, List<RowError> Errors) CsvRowParser<TRow>(long line, IReadOnlyList<string> fields) where TRow : class;

/// <summary>
/// The one CSV staging writer of the table imports (households, employment, reported statistics,
/// payment lists): CsvHelper reads the records as they stream in, the import's parser checks each
/// into a typed row, and the rows go by binary COPY into a staging table the caller created (its
/// first column <c>row_no</c>, the file's line). Every bad record is reported (up to the limit, then
/// counted) and nothing is copied once one is found: disposing the COPY uncompleted cancels it.
/// A file that is not UTF-8 text (a photo, a spreadsheet sent as text/csv) fails on its first line.
/// </summary>
public sealed class CsvStaging<TRow>(string table) where TRow : class
{
    delegate Task Writer(NpgsqlBinaryImporter copy, TRow row, CancellationToken ct);
    readonly List<(string Name, Writer Write)> _columns = [];

    public int MaxReportedErrors { get; init; } = 1000;

    /// <summary>More rows than this is one error (the file is refused) instead of a longer copy.</summary>
    public long? MaxRows { get; init; }

    public CsvStaging<TRow> Text(string name, Func<TRow, string?> value) =>
        Add(name, (c, r, ct) => value(r) is { } v ? c.WriteAsync(v, NpgsqlDbType.Text, ct) : c.WriteNullAsync(ct));

    public CsvStaging<TRow> Integer(string name, Func<TRow, int?> value) =>
        Add(name, (c, r, ct) => value(r) is { } v ? c.WriteAsync(v, NpgsqlDbType.Integer, ct) : c.WriteNullAsync(ct));

    public CsvStaging<TRow> Numeric(string name, Func<TRow, decimal?> value) =>
        Add(name, (c, r, ct) => value(r) is { } v ? c.WriteAsync(v, NpgsqlDbType.Numeric, ct) : c.WriteNullAsync(ct));

    public CsvStaging<TRow> Date(string name, Func<TRow, DateOnly?> value) =>
        Add(name, (c, r, ct) => value(r) is { } v ? c.WriteAsync(v, NpgsqlDbType.Date, ct) : c.WriteNullAsync(ct));

    CsvStaging<TRow> Add(string name, Writer write)
    {
        _columns.Add((name, write));
        return this;
    }

    /// <summary>
    /// Reads the header (<paramref name="header"/> gives the parser for the file's columns, or the header's
    /// error), then every record; copies the good rows while none is bad. <paramref name="accepted"/> sees
    /// each row copied (totals, or a list the import checks further).
    /// </summary>
    public async Task<StagedCsv> CopyAsync(NpgsqlConnection conn, TextReader body,
        Func<IReadOnlyList<string>?, (CsvRowParser<TRow>? Parser, RowError? Error)> header, Action<TRow>? accepted, CancellationToken ct)
    {
        await using var csv = CsvReader.Create(body, Options, true);
        var first = await csv.ReadAsync(ct) ? csv.Current.ToArray() : null;
        if (first is not null && NotText(first) is not null)
            return Failed(new RowError(1, "$", Rules.Text, "Line 1 has a NUL character or bytes that are not UTF-8: the body is not a CSV file in UTF-8 text. Save the sheet as CSV (UTF-8)."));
        var (parse, headerError) = header(first);
        if (parse is null) return Failed(headerError!);

        var errors = new List<RowError>();
        long errorCount = 0, rows = 0;
        void Add(RowError e) { errorCount++; if (errors.Count < MaxReportedErrors) errors.Add(e); }
        var command = $"COPY {table} (row_no, {string.Join(", ", _columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        await using (var copy = await conn.BeginBinaryImportAsync(command, ct))
        {
            while (await csv.ReadAsync(ct))
            {
                var line = csv.LineNumber;
                var fields = csv.Current.ToArray();
                if (rows + errorCount >= MaxRows)
                    return Failed(new RowError(line, "$", Rules.TooMany, $"At most {MaxRows} rows per import."));
                if (NotText(fields) is { } column)
                {
                    Add(new RowError(line, column < first!.Length ? first[column].Trim().TrimStart('\uFEFF') : $"column {column + 1}", Rules.Text,
                        $"Line {line} has a NUL character or bytes that are not UTF-8: save the file as UTF-8 text."));
                    continue;
                }
                var (row, rowErrors) = parse(line, fields);
                foreach (var e in rowErrors) Add(e);
                if (row is null || errorCount > 0) continue; // keep reading to report every bad row
                rows++;
                accepted?.Invoke(row);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(line, NpgsqlDbType.Bigint, ct);
                foreach (var (_, write) in _columns) await write(copy, row, ct);
            }
            if (errorCount > 0) return new StagedCsv(0, errors, errorCount);
            await copy.CompleteAsync(ct);
        }
        return rows == 0 ? Failed(new RowError(2, "$", Rules.Empty, "The file has a header but no rows.")) : new StagedCsv(rows, [], 0);
    }

    static StagedCsv Failed(RowError e) => new(0, [e], 1);

    /// <summary>RFC 4180 as the spreadsheets write it: comma (never guessed), quotes doubled, line breaks inside quotes; blank lines skipped.</summary>
    static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
    };

    /// <summary>The first field that is not text: the reader turns bytes that are not UTF-8 into U+FFFD; a NUL is never in text.</summary>
    static int? NotText(string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
            if (fields[i].AsSpan().IndexOfAny('\0', '\uFFFD') >= 0) return i;
        return null;
    }
}
