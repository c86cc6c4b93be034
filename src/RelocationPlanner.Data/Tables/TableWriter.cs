using System.Globalization;
using CsvHelper;

namespace RelocationPlanner.Data.Tables;

/// <summary>
/// Writes a <see cref="ReportTable"/> as CSV or XLSX, for the service's downloads and for
/// <c>rp report</c> alike. Numbers stay numbers in both (full precision, invariant culture).
/// CSV is RFC 4180 through CsvHelper, UTF-8 with a byte order mark so Excel shows Chinese names,
/// and every text cell that a spreadsheet would run as a formula (starting with = + - @, tab or
/// CR) gets a leading single quote, as OWASP recommends; a negative amount is a number, not text,
/// and is left alone. XLSX text cells are inline strings, which a spreadsheet never evaluates.
/// </summary>
public static class TableWriter
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>RFC 4180 with formula neutralisation of text cells.</summary>
    public static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>
    /// Writes the table as CSV; <paramref name="byteOrderMark"/> for files a spreadsheet opens
    /// (a pipe into another program is better without one).
    /// </summary>
    public static async Task WriteCsvAsync(Stream output, ReportTable table, bool byteOrderMark, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, CsvOptions with { WriteByteOrderMark = byteOrderMark }, leaveOpen: true);
        foreach (var c in table.Columns) csv.WriteField(c.Header);
        await csv.EndRecordAsync(ct);
        foreach (var row in table.Rows)
        {
            foreach (var v in row) WriteCell(csv, v);
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    static void WriteCell(CsvWriter csv, object? v)
    {
        switch (v)
        {
            case null: csv.WriteField((string?)null); break;
            case string s: csv.WriteField(s); break;
            case int i: csv.WriteField(i, default); break;
            case long l: csv.WriteField(l, default); break;
            case decimal d: csv.WriteField(d, default); break;
            case double x: csv.WriteField(x, default); break;
            default: csv.WriteField(Text(v)); break;
        }
    }

    /// <summary>
    /// Rewrites a CSV file in place with its text cells neutralised like <see cref="WriteCsvAsync"/>'s
    /// (for files other tools wrote, such as ogr2ogr's feature exports). Cells of the columns that
    /// <paramref name="isNumber"/> names are numbers: written as numbers when they parse as one.
    /// </summary>
    public static async Task NeutraliseCsvFileAsync(string path, Func<string, bool> isNumber, CancellationToken ct)
    {
        var temp = path + ".neutralised";
        await using (var input = File.OpenRead(path))
        using (var reader = CsvReader.Create(input, CsvReaderOptions.Default with { Separator = ',' }))
        await using (var output = File.Create(temp))
        await using (var csv = CsvWriter.Create(output, CsvOptions with { WriteByteOrderMark = false }, leaveOpen: true))
        {
            var headers = reader.Headers.ToArray();
            foreach (var h in headers) csv.WriteField(h);
            await csv.EndRecordAsync(ct);
            var numeric = headers.Select(isNumber).ToArray();
            while (await reader.ReadAsync(ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.GetString(i);
                    if (i < numeric.Length && numeric[i] && decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
                        csv.WriteField(d, default);
                    else csv.WriteField(text);
                }
                await csv.EndRecordAsync(ct);
            }
            await csv.FlushAsync(ct);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A cell as a person reads it: 1,234.5 km, 1,234,567.89 yuan, 90.0%.</summary>
    public static string Display(object? v, CellKind kind) => v switch
    {
        null => "",
        string s => s,
        int or long or decimal or double => kind switch
        {
            CellKind.Count => Convert.ToDecimal(v, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture),
            CellKind.Km or CellKind.Score => Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("N1", CultureInfo.InvariantCulture),
            CellKind.Money => Convert.ToDecimal(v, CultureInfo.InvariantCulture).ToString("N2", CultureInfo.InvariantCulture),
            CellKind.Rate => (Convert.ToDecimal(v, CultureInfo.InvariantCulture) * 100).ToString("N1", CultureInfo.InvariantCulture) + "%",
            CellKind.Percent => Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("N1", CultureInfo.InvariantCulture) + "%",
            CellKind.Number => Convert.ToDecimal(v, CultureInfo.InvariantCulture).ToString("#,0.##", CultureInfo.InvariantCulture),
            _ => Text(v),
        },
        _ => Text(v),
    };

    /// <summary>A cell as invariant text: ISO dates, numbers without grouping.</summary>
    public static string Text(object? v) => v switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
