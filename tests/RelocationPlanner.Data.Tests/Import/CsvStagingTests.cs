using System.Text;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Import;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Import;

/// <summary>
/// The one CSV staging writer against a real PostgreSQL: typed columns arrive as typed values
/// (NULLs, numerics, dates, quoted commas and line breaks), rows carry the line they start on, every
/// bad row is reported and none is copied, and a body that is not UTF-8 text fails on line 1.
/// </summary>
public class CsvStagingTests
{
    sealed record Row(string Name, int? Count, decimal? Amount, DateOnly? On);

    const string Header = "name,count,amount,on";

    static (CsvRowParser<Row>? Parser, RowError? Error) HeaderOf(IReadOnlyList<string>? fields) =>
        fields is not null && string.Join(",", fields) == Header ? (Parse, null) : (null, new RowError(1, "header", "header", $"The header is {Header}."));

    static (Row? Row, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f)
    {
        var errors = new List<RowError>();
        if (f.Count != 4) return (null, [new RowError(line, "$", "columns", "Four columns.")]);
        int? count = null;
        if (f[1].Length > 0 && int.TryParse(f[1], out var c)) count = c;
        else if (f[1].Length > 0) errors.Add(new RowError(line, "count", Rules.Integer, "count is a whole number."));
        decimal? amount = f[2].Length > 0 ? decimal.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) : null;
        DateOnly? on = f[3].Length > 0 ? DateOnly.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) : null;
        return errors.Count > 0 ? (null, errors) : (new Row(f[0], count, amount, on), errors);
    }

    static readonly CsvStaging<Row> Staging = new CsvStaging<Row>("staging_test") { MaxRows = 5 }
        .Text("name", r => r.Name).Integer("count", r => r.Count).Numeric("amount", r => r.Amount).Date("on_day", r => r.On);

    static async Task<(StagedCsv Staged, List<string> Stored)> StageAsync(string body)
    {
        var cs = await TestDatabase.CreateAsync("csvstaging");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        await new NpgsqlCommand("CREATE TABLE IF NOT EXISTS staging_test (row_no bigint, name text, count integer, amount numeric, on_day date); TRUNCATE staging_test", conn).ExecuteNonQueryAsync();
        StagedCsv staged;
        // As the imports do: one transaction, committed only when the file staged whole.
        await using (var tx = await conn.BeginTransactionAsync())
        {
            using var reader = new StringReader(body);
            staged = await Staging.CopyAsync(conn, reader, HeaderOf, null, CancellationToken.None);
            if (staged.ErrorCount == 0) await tx.CommitAsync(); else await tx.RollbackAsync();
        }
        var stored = new List<string>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT row_no || '|' || name || '|' || coalesce(count::text, '-') || '|' || coalesce(amount::text, '-') || '|' || coalesce(on_day::text, '-') AS r
            FROM staging_test ORDER BY row_no
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) stored.Add(r.GetString(r.GetOrdinal("r")));
        return (staged, stored);
    }

    [Fact]
    public async Task Typed_columns_and_the_line_each_record_starts_on_arrive_in_the_staging_table()
    {
        var (staged, stored) = await StageAsync(
            Header + "\r\n" +
            "plain,3,12.50,2024-05-01\r\n" +
            "\r\n" +                                   // a blank line is skipped (line 3)
            "\"comma, and\nline break\",,,\r\n" +      // lines 4-5, empty cells are NULL
            "after,7,0.01,2023-12-31\n");
        Assert.Equal(0, staged.ErrorCount);
        Assert.Equal(3, staged.Rows);
        Assert.Equal(["2|plain|3|12.50|2024-05-01", "4|comma, and\nline break|-|-|-", "6|after|7|0.01|2023-12-31"], stored);
    }

    [Fact]
    public async Task Every_bad_row_is_reported_and_nothing_is_copied()
    {
        var (staged, stored) = await StageAsync(Header + "\nok,1,1,2024-01-01\nbad,x,1,2024-01-01\nok,2,1,2024-01-01\nworse,y,1,2024-01-01\n");
        Assert.Equal(2, staged.ErrorCount);
        Assert.Equal([(3L, "count"), (5L, "count")], staged.Errors.Select(e => (e.Row, e.Field)));
        Assert.Empty(stored);
    }

    [Fact]
    public async Task A_header_error_a_file_without_rows_and_too_many_rows_are_one_error_each()
    {
        var (wrongHeader, _) = await StageAsync("nom,compte\n1,2\n");
        Assert.Equal(("header", 1L), (wrongHeader.Errors.Single().Field, wrongHeader.Errors.Single().Row));
        var (empty, _) = await StageAsync(Header + "\n");
        Assert.Equal(Rules.Empty, empty.Errors.Single().Rule);
        var (tooMany, stored) = await StageAsync(Header + "\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"r{i},{i},1,2024-01-01\n")));
        Assert.Equal((Rules.TooMany, 7L), (tooMany.Errors.Single().Rule, tooMany.Errors.Single().Row));
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_text_fail_on_the_first_line_naming_the_body()
    {
        // A PNG's first bytes, decoded as UTF-8 the way the service reads a body (invalid bytes become U+FFFD).
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var (photo, stored) = await StageAsync(Encoding.UTF8.GetString(png));
        var e = Assert.Single(photo.Errors);
        Assert.Equal(("$", Rules.Text, 1L), (e.Field, e.Rule, e.Row));
        Assert.Contains("UTF-8", e.Message);
        Assert.Empty(stored);
        // Broken UTF-8 further down (a Latin-1 é) is that row's error naming its column; nothing is copied.
        var latin1 = Encoding.UTF8.GetString([.. Encoding.UTF8.GetBytes(Header + "\nok,1,1,\n"), 0xE9, .. ",1,1,\n"u8.ToArray()]);
        var (broken, none) = await StageAsync(latin1);
        Assert.Equal([(3L, "name", Rules.Text)], broken.Errors.Select(x => (x.Row, x.Field, x.Rule)));
        Assert.Empty(none);
    }
}
