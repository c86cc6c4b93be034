using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Npgsql;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>Registry, milestones, CSV import and settled rates against the real service and PostGIS.</summary>
public class RegistryTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    const string Header = RegistryFixture.CsvHeader;

    /// <summary>A Dalad-like banner: 9 of 10 households moved in, the 10th only claimed its keys.</summary>
    static string Banner(string prefix, string county) => Header + "\n" + string.Join("\n", Enumerable.Range(1, 10).Select(i =>
        i <= 7 ? $"{prefix}{i:00},Head {i},{i % 4 + 1},{county},,,separate_self_built,2016-03-01,2016-10-15,2016-12-01"
        : i <= 9 ? $"{prefix}{i:00},Head {i},{i % 4 + 1},{county},,,separate_purchased,2016-03-01,2017-05-10,2017-07-20"
        : $"{prefix}{i:00},\"Head, {i}\",2,{county},,,separate_self_built,2016-03-01,2017-07-30,")) + "\n";

    [Fact]
    public async Task Moved_in_90_percent_and_deemed_settled_100_percent_as_of_end_of_July_2017()
    {
        var r = await f.PostCsv(Banner("DAL", "150621"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Json();
        Assert.Equal(10, body.GetProperty("imported").GetInt32());

        var row = await CountyRow("2017-07-31", "150621");
        Assert.Equal(10, row.GetProperty("households").GetInt32());
        Assert.Equal(9, row.GetProperty("moved_in").GetInt32());
        Assert.Equal(10, row.GetProperty("keys_claimed").GetInt32());
        Assert.Equal(0.9m, row.GetProperty("moved_in_rate").GetDecimal());
        Assert.Equal(1.0m, row.GetProperty("deemed_settled_rate").GetDecimal());

        // As of dates around the milestones: nothing settled before the first keys, 7 at the end of 2016.
        var before = await CountyRow("2016-06-30", "150621");
        Assert.Equal(10, before.GetProperty("households").GetInt32());
        Assert.Equal(0m, before.GetProperty("deemed_settled_rate").GetDecimal());
        var endOf2016 = await CountyRow("2016-12-31", "150621");
        Assert.Equal(0.7m, endOf2016.GetProperty("moved_in_rate").GetDecimal());
        Assert.Equal(0.7m, endOf2016.GetProperty("deemed_settled_rate").GetDecimal());
        var dayBefore = await CountyRow("2017-07-29", "150621");
        Assert.Equal(0.9m, dayBefore.GetProperty("deemed_settled_rate").GetDecimal());
        var beforeRegistration = await (await f.Http.GetAsync("/api/reports/settled-rates?level=county&as_of=2016-02-29")).Json();
        Assert.DoesNotContain(beforeRegistration.GetProperty("rows").EnumerateArray(), x => x.GetProperty("unit_code").GetString() == "150621");

        // The monthly series for the banner.
        var s = await (await f.Http.GetAsync("/api/reports/settled-rates/series?unit=150621&from=2016-11-01&to=2017-07-31")).Json();
        var points = s.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(9, points.Count);
        Assert.Equal("2016-11", points[0].GetProperty("month").GetString());
        Assert.Equal(0m, points[0].GetProperty("moved_in_rate").GetDecimal());
        Assert.Equal(0.7m, points[1].GetProperty("moved_in_rate").GetDecimal());
        Assert.Equal("2017-07-31", points[^1].GetProperty("as_of").GetString());
        Assert.Equal(1.0m, points[^1].GetProperty("deemed_settled_rate").GetDecimal());

        // The city rolls its banners up; the CSV and XLSX downloads carry the same figures.
        var csv = await f.Http.GetStringAsync("/api/reports/settled-rates?level=county&as_of=2017-07-31&format=csv");
        Assert.StartsWith("unit_code,unit_name,households,people,keys_claimed,moved_in,deemed_settled,moved_in_rate,deemed_settled_rate", csv);
        Assert.Contains("150621,达拉特旗,10,", csv);
        var xlsx = await f.Http.GetByteArrayAsync("/api/reports/settled-rates?level=county&as_of=2017-07-31&format=xlsx&lang=en");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var rows = doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<Row>().ToList();
        var cells = rows.Select(x => x.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text).ToList()).ToList();
        Assert.Equal("Moved-in rate", cells[rows.FindIndex(r => r.RowIndex! == XlsxWriter.HeaderRow)][7]);
        var dalad = cells.Single(c => c[0] == "150621");
        Assert.Equal("0.9", dalad[7]);
        Assert.Equal("1", dalad[8]);
    }

    async Task<JsonElement> CountyRow(string asOf, string unit)
    {
        var r = await f.Http.GetAsync($"/api/reports/settled-rates?level=county&as_of={asOf}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.Json()).GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("unit_code").GetString() == unit);
    }

    [Fact]
    public async Task Import_is_all_or_nothing_with_row_errors()
    {
        var before = await f.CountAsync("households");
        var csv = Header + "\n" +
            "IMP01,Ok Head,3,150622,,,separate_self_built,2016-04-01,,\n" +
            "IMP02,Zero,0,150622,,,separate_self_built,2016-04-01,,\n" +                 // members >= 1
            "IMP03,Late keys,2,150622,,,separate_self_built,2016-04-01,2016-03-01,\n" +   // dates in order
            "IMP04,Bad date,2,150622,,,separate_self_built,2016-13-01,,\n" +
            "IMP05,Type,2,150622,,,tent,2016-04-01,,\n" +
            "IMP06,Short,2,150622\n";
        var r = await f.PostCsv(csv);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var errors = (await r.Json()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();
        Assert.Contains((3L, "members", "members_at_least_one"), errors);
        Assert.Contains((4L, "keys_claimed_on", "dates_in_order"), errors);
        Assert.Contains((5L, "registered_on", "date"), errors);
        Assert.Contains((6L, "settlement_type", "enum"), errors);
        Assert.Contains((7L, "$", "column_count"), errors);
        Assert.Equal(before, await f.CountAsync("households"));

        // Checks against stored data: unknown county, duplicate in file; the valid row is not kept either.
        var r2 = await f.PostCsv(Header + "\nIMP10,A,1,150622,,,separate_self_built,2016-04-01,,\nIMP11,B,1,999999,,,separate_self_built,2016-04-01,,\nIMP10,C,1,150622,,,separate_self_built,2016-04-01,,\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r2.StatusCode);
        var e2 = (await r2.Json()).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("rule").GetString())).ToList();
        Assert.Equal([(3L, "reference"), (4L, "unique")], e2);
        Assert.Equal(before, await f.CountAsync("households"));

        var bad = await f.PostCsv("code,name\nX,Y\n");
        Assert.Equal("header", (await bad.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Milestones_only_move_forward_and_are_never_overwritten()
    {
        var r = await f.PostJson("/api/households", new
        {
            code = "FWD1",
            head_name = "Bao",
            unit_code = "150622",
            settlement_type = "separate_purchased",
            registered_on = "2017-01-05",
            annual_net_income = "2300.50",
            reason = "desert",
            persons = new object[] { new { name = "Bao", relation = "head", id_card = "15062219700101001X" }, new { name = "Li", relation = "spouse" } },
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var created = (await r.Json()).GetProperty("household");
        Assert.Equal(2, created.GetProperty("members").GetInt32());
        Assert.Equal("2300.50", created.GetProperty("annual_net_income").GetRawText());

        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/households/FWD1/milestones", new { milestone = "house_capped", date = "2017-06-01" })).StatusCode);
        var back = await f.PostJson("/api/households/FWD1/milestones", new { milestone = "house_commenced", date = "2017-06-02" });
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Equal("forward_only", (await back.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        var early = await f.PostJson("/api/households/FWD1/milestones", new { milestone = "keys_claimed", date = "2017-05-01" });
        Assert.Equal("dates_in_order", (await early.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        var again = await f.PostJson("/api/households/FWD1/milestones", new { milestone = "house_capped", date = "2017-07-01" });
        Assert.Equal("once", (await again.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/households/FWD1/milestones", new { milestone = "keys_claimed", date = "2017-11-20" })).StatusCode);

        var list = await (await f.Http.GetAsync("/api/households?unit=1506&status=keys_claimed")).Json();
        Assert.Contains(list.GetProperty("households").EnumerateArray(), h => h.GetProperty("code").GetString() == "FWD1");

        // The database refuses the same on its own: a backward insert, an update, a delete.
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        foreach (var sql in new[]
        {
            "INSERT INTO milestones (household_id, milestone, on_date) SELECT id, 'house_completed', '2017-12-01' FROM households WHERE code = 'FWD1'",
            "UPDATE milestones SET on_date = on_date - 1",
            "DELETE FROM milestones",
        })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
        }
        var h = await (await f.Http.GetAsync("/api/households/FWD1")).Json();
        Assert.Equal("keys_claimed", h.GetProperty("status").GetString());
        Assert.Equal(3, h.GetProperty("milestones").GetArrayLength());
        Assert.True((long)(await f.ScalarAsync("SELECT count(*) FROM history WHERE entity = 'persons'"))! >= 2);
        // The household's own insert is in history under its code, with who made it.
        Assert.Equal(1L, await f.ScalarAsync("SELECT count(*) FROM history WHERE entity = 'households' AND entity_code = 'FWD1' AND op = 'insert' AND new_values->>'head_name' IS NOT NULL AND changed_by <> 'system'"));
    }

    [Fact]
    public async Task Typed_figures_are_checked_with_the_rule_named()
    {
        var r = await f.PostJson("/api/households", new
        {
            code = "BAD1",
            head_name = "X",
            members = 3,
            unit_code = "150622",
            settlement_type = "centralized",
            registered_on = "2017-01-05",
            persons = new object[] { new { name = "X", relation = "head" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var rules = (await r.Json()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Contains("parts_sum_to_total", rules);
        Assert.Contains("centralized_has_site", rules);
        var unknown = await f.PostJson("/api/households", new { code = "BAD2", head_name = "X", members = 1, unit_code = "000000", settlement_type = "separate_self_built", registered_on = "2017-01-05" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("unit_code", (await unknown.Json()).GetProperty("field").GetString());
        var level = await f.Http.GetAsync("/api/reports/settled-rates?level=galaxy");
        Assert.Equal("level", (await level.Json()).GetProperty("field").GetString());
    }
}
