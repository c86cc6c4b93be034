using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RelocationPlanner.Api.Tests.Registry;

namespace RelocationPlanner.Api.Tests.Programme;

/// <summary>
/// The national plan's rules as data and the compliance report against hand-computed figures: each
/// rule at its edge (exactly 25 m2 per person is within), the nearest ancestor's policy valid on the
/// registration date, demolition due and overdue around its day, employment open on as_of, and the
/// households behind each count.
/// </summary>
public class ComplianceTests(ComplianceTests.Fixture f) : IClassFixture<ComplianceTests.Fixture>
{
    /// <summary>
    /// nat-2016 (region 15, 2016-2017: 25 m2, 3,000 / 10,000, 365 days, 1 in work) before the import;
    /// dalad-2016 (150621, 2016-06-01..12-31: 30 m2, 2,500 / 10,000, 730 days) after it, so it re-counts.
    /// </summary>
    public sealed class Fixture : RegistryFixture
    {
        public const string Columns = ",house_area_m2,self_paid,labour_members,old_house_demolished_on,homestead_reclaimed_on,old_house_exempt_reason";

        /// <summary>nat-2016: the national plan's rules over region 15 for 2016-2017.</summary>
        public static readonly object National2016 = new
        {
            code = "nat-2016",
            region_code = "15",
            valid_from = "2016-01-01",
            valid_to = "2017-12-31",
            max_area_m2_per_person = 25,
            max_self_paid_per_person = "3000.00",
            max_self_paid_per_household = 10000,
            demolish_within_days = 365,
            min_employed_per_labour_household = 1,
        };

        protected override async Task SeedAsync()
        {
            SiteProjectTests.Fixture.Check(await PostJson("/api/compliance-policies", National2016));
            SiteProjectTests.Fixture.Check(await PostCsv(CsvHeader + Columns + "\n" + string.Join("\n",
                "C01,甲,4,150621,,,separate_self_built,2016-03-01,,,100.00,,,,,",          // 25 m2 per person: within
                "C02,乙,4,150621,,,separate_self_built,2016-03-01,,,100.01,,,,,",          // over
                "C03,丙,4,150621,,,separate_self_built,2016-07-01,,,110.00,,,,,",          // dalad-2016: 27.5 within 30
                "C04,丁,4,150622,,,separate_self_built,2016-07-01,,,110.00,,,,,",          // nat-2016: over
                "C05,戊,3,150621,,,separate_self_built,2016-03-01,,,,9000.00,,,,",         // 3 x 3,000: within
                "C06,己,3,150621,,,separate_self_built,2016-03-01,,,,9000.01,,,,",         // over
                "C07,庚,5,150622,,,separate_self_built,2016-03-01,,,,10000.00,,,,",        // capped at 10,000: within
                "C08,辛,5,150622,,,separate_self_built,2016-03-01,,,,10000.01,,,,",        // over
                "C09,壬,2,150621,,,separate_self_built,2016-03-01,2016-12-20,2017-01-01,,,0,,,",                       // due 2018-01-01
                "C10,癸,2,150621,,,separate_self_built,2016-03-01,2016-12-20,2017-01-01,,,0,2017-06-01,2017-09-01,",   // demolished
                "C11,子,2,150621,,,separate_self_built,2016-03-01,2016-12-20,2017-01-01,,,0,,,protected traditional village",
                "C12,丑,3,150622,,,separate_self_built,2016-03-01,2016-12-20,2017-01-01,,,2,,,",   // work 2017-02-01..06-01
                "C13,寅,3,150622,,,separate_self_built,2016-03-01,2016-12-20,2017-01-01,,,1,,,",   // work from 2017-01-15
                "C14,卯,3,150622,,,separate_self_built,2016-03-01,2016-12-20,2017-01-01,,,1,,,",   // no work
                "C15,辰,1,150621,,,separate_self_built,2018-02-01,,,30.00,,,,,",          // no policy valid then
                "C16,巳,2,150621,,,separate_self_built,2016-03-01,,,80.00,,,,,",          // withdraws 2017-03-01
                "C17,午,4,150621,,,separate_self_built,2016-03-01,,,110.00,,,,,") + "\n")); // nat-2016: over
            SiteProjectTests.Fixture.Check(await PostJson("/api/households/C16/milestones", new { milestone = "withdrawn", date = "2017-03-01" }));
            SiteProjectTests.Fixture.Check(await Http.PostAsync("/api/employment/import", new StringContent(
                "household_code,member,kind,employer,started_on,ended_on\nC12,2,migrant_work,Baotou steel,2017-02-01,2017-06-01\n",
                System.Text.Encoding.UTF8, "text/csv")));
            SiteProjectTests.Fixture.Check(await PostJson("/api/households/C13/employment", new { member = 1, kind = "public_welfare_post", employer = "village", started_on = "2017-01-15" }));
            SiteProjectTests.Fixture.Check(await PostJson("/api/compliance-policies", new
            {
                code = "dalad-2016",
                region_code = "150621",
                valid_from = "2016-06-01",
                valid_to = "2016-12-31",
                max_area_m2_per_person = 30,
                max_self_paid_per_person = 2500,
                max_self_paid_per_household = 10000,
                demolish_within_days = 730,
                min_employed_per_labour_household = 1,
            }));
        }
    }

    async Task<JsonElement> Row(string level, string asOf, string unit)
    {
        var r = await f.Http.GetAsync($"/api/reports/compliance?level={level}&as_of={asOf}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.Json()).GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("unit_code").GetString() == unit);
    }

    static long N(JsonElement row, string name) => row.GetProperty(name).GetInt64();

    [Fact]
    public async Task Dalad_on_31_May_2017_as_computed_by_hand()
    {
        var d = await Row("county", "2017-05-31", "150621");
        // C01 C02 C03 C05 C06 C09 C10 C11 C17; C16 withdrew on 2017-03-01, C15 registers in 2018.
        Assert.Equal(9, N(d, "households"));
        Assert.Equal(9, N(d, "covered"));
        Assert.Equal(2, N(d, "area_over_limit"));       // C02 (25.0025), C17 (27.5 under nat-2016); C01 at exactly 25 and C03 under dalad-2016 are within
        Assert.Equal(1, N(d, "self_paid_over_limit"));  // C06
        Assert.Equal(3, N(d, "moved_in"));               // C09 C10 C11
        Assert.Equal(0, N(d, "demolition_due"));         // due on 2018-01-01
        Assert.Equal(0, N(d, "demolished"));             // C10 on 2017-06-01
        Assert.Equal(1, N(d, "exempt"));                 // C11
        Assert.Equal(0, N(d, "labour_households"));
        Assert.Equal(JsonValueKind.Null, d.GetProperty("employment_rate").ValueKind);
        Assert.Equal(0m, d.GetProperty("demolition_rate").GetDecimal()); // 0 / (3 - 1)
        Assert.Equal(26.25m, d.GetProperty("area_m2_per_person").GetDecimal()); // (100 + 100.01 + 110 + 110) / 16
    }

    [Fact]
    public async Task Demolition_is_due_on_the_day_and_overdue_until_the_house_is_down()
    {
        var eve = await Row("county", "2017-12-31", "150621");
        Assert.Equal((0, 1, 0), (N(eve, "demolition_due"), N(eve, "demolished"), N(eve, "demolition_overdue")));
        var day = await Row("county", "2018-01-01", "150621");
        // Due: C09 and C10 (moved in 2017-01-01 + 365 days), not C11 (exempt); C10 is down, C09 overdue.
        Assert.Equal((2, 1, 1), (N(day, "demolition_due"), N(day, "demolished"), N(day, "demolition_overdue")));
        Assert.Equal(0.5m, day.GetProperty("demolition_rate").GetDecimal()); // 1 / (3 - 1)
        var list = await Households("demolition_overdue", "2018-01-01", "150621");
        var c09 = Assert.Single(list.GetProperty("households").EnumerateArray());
        Assert.Equal(("C09", "2018-01-01", 0), (c09.GetProperty("code").GetString(), c09.GetProperty("due_on").GetString(), c09.GetProperty("days_overdue").GetInt32()));
    }

    [Fact]
    public async Task Employment_counts_records_open_on_as_of()
    {
        var may = await Row("county", "2017-05-31", "150622");
        Assert.Equal((6, 3, 3, 2), (N(may, "households"), N(may, "labour_households"), N(may, "moved_in"), N(may, "employed_households")));
        Assert.Equal(0.666667m, may.GetProperty("employment_rate").GetDecimal());
        Assert.Equal(27.5m, may.GetProperty("area_m2_per_person").GetDecimal());
        // C12's work ended on 2017-06-01: open until the day before.
        var june = await Row("county", "2017-06-01", "150622");
        Assert.Equal(1, N(june, "employed_households"));
        Assert.Equal(0.333333m, june.GetProperty("employment_rate").GetDecimal());
        var unemployed = await Households("unemployed", "2017-06-01", "150622");
        Assert.Equal(["C12", "C14"], unemployed.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("code").GetString()));
        Assert.All(unemployed.GetProperty("households").EnumerateArray(), h => Assert.Equal(0, h.GetProperty("open_employment").GetInt32()));
    }

    [Fact]
    public async Task Policies_follow_the_nearest_ancestor_valid_on_the_registration_date()
    {
        // Before C03 registered (2016-07-01), with C16 still active: C02, C16 (40 per person), C17.
        Assert.Equal(3, N(await Row("county", "2016-04-01", "150621"), "area_over_limit"));
        // C15 registered in 2018, after nat-2016 ended: counted, not covered, its 30 m2 per person not judged.
        var y2018 = await Row("county", "2018-06-01", "150621");
        Assert.Equal((10, 9, 2), (N(y2018, "households"), N(y2018, "covered"), N(y2018, "area_over_limit")));
        var area = await Households("area", "2017-05-31", "1506");
        Assert.Equal([("C02", "nat-2016", 25.0025m), ("C04", "nat-2016", 27.5m), ("C17", "nat-2016", 27.5m)],
            area.GetProperty("households").EnumerateArray().Select(h => (h.GetProperty("code").GetString(), h.GetProperty("policy_code").GetString(), h.GetProperty("area_m2_per_person").GetDecimal())));
        var paid = await Households("self_paid", "2017-05-31", "1506");
        Assert.Equal([("C06", 9000.00m), ("C08", 10000.00m)],
            paid.GetProperty("households").EnumerateArray().Select(h => (h.GetProperty("code").GetString(), h.GetProperty("self_paid_limit").GetDecimal())));
        // One policy per region per day; the region must exist.
        var overlap = await f.PostJson("/api/compliance-policies", new
        {
            code = "dalad-2016b",
            region_code = "150621",
            valid_from = "2016-12-01",
            max_area_m2_per_person = 30,
            max_self_paid_per_person = 2500,
            max_self_paid_per_household = 10000,
            demolish_within_days = 730,
            min_employed_per_labour_household = 1,
        });
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        Assert.Equal("no_overlap", (await overlap.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        var policies = await (await f.Http.GetAsync("/api/compliance-policies?region=150621")).Json();
        Assert.Equal("dalad-2016", Assert.Single(policies.GetProperty("policies").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_city_rolls_up_its_banners_and_downloads_say_the_same()
    {
        var city = await Row("city", "2017-05-31", "1506");
        Assert.Equal((15, 3, 2, 6, 1, 3, 2), (N(city, "households"), N(city, "area_over_limit"), N(city, "self_paid_over_limit"), N(city, "moved_in"),
            N(city, "exempt"), N(city, "labour_households"), N(city, "employed_households")));
        Assert.Equal(26.5m, city.GetProperty("area_m2_per_person").GetDecimal()); // 530.01 / 20 = 26.5005
        var csv = await f.Http.GetStringAsync("/api/reports/compliance?level=county&as_of=2017-05-31&format=csv");
        Assert.StartsWith("unit_code,unit_name,households,covered,area_over_limit,self_paid_over_limit,moved_in,demolition_due,demolished,demolition_overdue,exempt,labour_households,employed_households,employment_rate,demolition_rate,area_m2_per_person", csv);
        Assert.Contains("150621,达拉特旗,9,9,2,1,3,0,0,0,1,0,0,,0,26.25", csv);
        var xlsx = await f.Http.GetByteArrayAsync("/api/reports/compliance?level=county&as_of=2017-05-31&format=xlsx&lang=en");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var rows = doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<Row>()
            .Select(x => x.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text).ToList()).ToList();
        var jungar = rows.Single(c => c[0] == "150622");
        Assert.Equal("0.666667", jungar[rows.Single(c => c[0] == "Unit code").IndexOf("Employment rate")]);
        // Unknown levels and rules are refused naming the parameter; the drill-down pages by code.
        Assert.Equal("level", (await (await f.Http.GetAsync("/api/reports/compliance?level=site")).Json()).GetProperty("field").GetString());
        Assert.Equal("rule", (await (await f.Http.GetAsync("/api/reports/compliance/households?rule=height")).Json()).GetProperty("field").GetString());
        var page1 = await (await f.Http.GetAsync("/api/reports/compliance/households?rule=area&as_of=2017-05-31&limit=2")).Json();
        Assert.Equal("C04", page1.GetProperty("next_after").GetString());
        var page2 = await (await f.Http.GetAsync("/api/reports/compliance/households?rule=area&as_of=2017-05-31&limit=2&after=C04")).Json();
        Assert.Equal("C17", Assert.Single(page2.GetProperty("households").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next_after").ValueKind);
    }

    [Fact]
    public async Task The_household_list_counts_a_flag_as_its_rows_add_up()
    {
        // The first page's totals come from the flag's own rows (unit and members kept with
        // them) when only a unit narrows the flag, from the listed rows otherwise: both must equal
        // the whole list, in households and in people.
        foreach (var flag in new[] { "area", "self_paid", "demolition_overdue", "unemployed" })
            foreach (var filter in new[] { "", "&unit=1506", "&unit=150621", "&unit=150622", "&status=moved_in", "&unit=150622&status=moved_in", "&q=C1" })
            {
                var all = await List($"/api/households?flag={flag}{filter}&limit=1000");
                var rows = all.GetProperty("households").EnumerateArray().ToList();
                var first = await List($"/api/households?flag={flag}{filter}&limit=1");
                Assert.Equal((rows.Count, rows.Sum(h => h.GetProperty("members").GetInt64())),
                    (first.GetProperty("total_households").GetInt64(), first.GetProperty("total_people").GetInt64()));
            }
        // As of today: C16 withdrew, so C02, C04 and C17 (4 people each); in Dalad C02 and C17.
        var area = await List("/api/households?flag=area&limit=1");
        Assert.Equal((3, 12), (area.GetProperty("total_households").GetInt64(), area.GetProperty("total_people").GetInt64()));
        var dalad = await List("/api/households?flag=area&unit=150621&limit=1");
        Assert.Equal((2, 8), (dalad.GetProperty("total_households").GetInt64(), dalad.GetProperty("total_people").GetInt64()));
    }

    async Task<JsonElement> List(string url)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Json();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-5")]
    [InlineData("1e3")]
    [InlineData("%201")]
    [InlineData("99999999999999999999")]
    public async Task A_bad_limit_on_the_flagged_households_is_refused_naming_it(string limit)
    {
        var r = await f.Http.GetAsync($"/api/reports/compliance/households?rule=area&limit={limit}");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("limit", (await r.Json()).GetProperty("field").GetString());
    }

    async Task<JsonElement> Households(string rule, string asOf, string unit)
    {
        var r = await f.Http.GetAsync($"/api/reports/compliance/households?rule={rule}&as_of={asOf}&unit={unit}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Json();
    }
}
