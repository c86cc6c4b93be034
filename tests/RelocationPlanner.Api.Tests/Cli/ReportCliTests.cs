using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using RelocationPlanner.Api.Tests.Registry;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Cli;

/// <summary>
/// `rp report` reads the database itself (no service involved: it has no URL to call) and gives
/// the figures the service gives, in the same CSV and JSON, and tables for a person at 80 columns.
/// </summary>
public class ReportCliTests(ReportCliTests.Fixture f) : IClassFixture<ReportCliTests.Fixture>
{
    /// <summary>Seeded units, generated infrastructure, the Ordos policy, a registry and payments.</summary>
    public sealed class Fixture : RegistryFixture
    {
        protected override async Task SeedAsync()
        {
            var g = new ScaleGenerator(3);
            foreach (var (collection, features) in new[] { ("roads", g.Roads(60)), ("power_lines", g.PowerLines(30)), ("wells", g.Wells(40)) })
                Check(await Http.PostAsync($"/api/{collection}/import", new StringContent(GeoJsonIO.ToJson(features), Encoding.UTF8, "application/geo+json")));
            Check(await PostJson("/api/subsidy-policies", new
            {
                code = "ordos-2016",
                region_code = "1506",
                valid_from = "2016-01-01",
                valid_to = "2017-12-31",
                basis = "per_person",
                components = new object[]
                {
                    new { name = "house", amount = 20000, funding_source = "municipal" },
                    new { name = "infrastructure_industry", amount = "40000.00", funding_source = "municipal" },
                },
            }));
            Check(await PostJson("/api/compliance-policies", new
            {
                code = "nat",
                region_code = "1506",
                valid_from = "2016-01-01",
                valid_to = "2017-12-31",
                max_area_m2_per_person = 25,
                max_self_paid_per_person = 3000,
                max_self_paid_per_household = 10000,
                demolish_within_days = 90,
                min_employed_per_labour_household = 1,
            }));
            Check(await PostCsv(CsvHeader + ",house_area_m2,labour_members\n" + string.Join("\n", Enumerable.Range(1, 40).Select(i =>
                $"C{i:D3},户主{i},{1 + i % 5},{(i % 3 == 0 ? "150622" : "150621")},,,separate_self_built,2016-03-01,{(i % 4 == 0 ? "" : "2016-09-01")},{(i % 2 == 0 ? "2016-10-15" : "")},{60 + i}.5{i % 10},{i % 2}")) + "\n"));
            Check(await PostGeoJson("/api/sites", Geo.Feature(Geo.Square(108.3, 38.8, 0.004),
                new() { ["code"] = "RP-S", ["name"] = "报表安置点", ["site_type"] = "centralized", ["capacity_households"] = 40, ["unit_code"] = "150621" })));
            Check(await Http.PutAsJsonAsync("/api/sites/RP-S/plan", new
            {
                houses = new[] { new { type = "A", count = 40, floor_area_m2 = "80.88" } },
                budget = new[] { new { funding_source = "counterpart", amount = 4000000 } },
            }));
            Check(await PostJson("/api/sites/RP-S/milestones", new { milestone = "approved", date = "2016-05-16" }));
            Check(await PostJson("/api/sites/RP-S/expenditures", new { category = "housing", amount = "1234567.89", spent_on = "2016-08-01", funding_source = "counterpart" }));
            Check(await Http.PostAsync("/api/statistics/import", new StringContent(
                "unit_code,year,indicator,value,unit,source\n150621,2016,relocated_households,27,households,banner report\n" +
                "150621,2016,relocated_people,85,people,banner report\n150621,2016,road_km,12.5,km,banner report\n", Encoding.UTF8, "text/csv")));
            for (var i = 1; i <= 40; i += 3)
                Check(await PostJson("/api/disbursements", new { household_code = $"C{i:D3}", component = "house", amount = "12345.67", paid_on = "2016-11-01" }));
        }

        static void Check(HttpResponseMessage r)
        {
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}");
        }
    }

    /// <summary>Each report as rp names it, with its arguments, and the service's path and query for the same figures.</summary>
    public static TheoryData<string, string[], string> Reports => new()
    {
        { "settled-rates", ["--level", "county", "--as-of", "2017-01-31"], "/api/reports/settled-rates?level=county&as_of=2017-01-31" },
        { "settled-rates", ["--level", "city", "--as-of", "2016-10-31", "--unit", "1506"], "/api/reports/settled-rates?level=city&as_of=2016-10-31&unit=1506" },
        { "settled-series", ["--unit", "150621", "--from", "2016-01-01", "--to", "2016-12-31"], "/api/reports/settled-rates/series?unit=150621&from=2016-01-01&to=2016-12-31" },
        { "subsidies", ["--level", "county", "--as-of", "2016-12-31"], "/api/reports/subsidies?level=county&as_of=2016-12-31" },
        { "infrastructure", ["--level", "county", "--status", "completed"], "/api/reports/infrastructure?level=county&status=completed" },
        { "infrastructure", [], "/api/reports/infrastructure?level=county" },
        { "infrastructure-progress", ["--level", "city"], "/api/reports/infrastructure/progress?level=city" },
        { "infrastructure-monthly", ["--level", "city", "--unit", "1506", "--from", "2015-01"], "/api/reports/infrastructure/monthly?level=city&unit=1506&from=2015-01" },
        { "compliance", ["--level", "county", "--as-of", "2017-01-31"], "/api/reports/compliance?level=county&as_of=2017-01-31" },
        { "site-progress", ["--level", "county", "--as-of", "2017-01-31"], "/api/reports/site-progress?level=county&as_of=2017-01-31" },
        { "reconciliation", ["--year", "2016", "--level", "county"], "/api/reports/reconciliation?year=2016&level=county" },
    };

    Task<(int Code, string Out, string Err)> Report(string name, string[] args, params string[] more) =>
        Rp.RunAsync(f.Service.ConnectionString, ["report", name, .. args, .. more]);

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Csv_and_json_match_the_service_exactly(string name, string[] args, string path)
    {
        var json = await Report(name, args, "--format", "json");
        Assert.True(json.Code == 0, json.Err);
        var service = await f.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, service.StatusCode);
        var expected = JsonNode.Parse(await service.Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json.Out)), $"rp:\n{json.Out}\nservice:\n{expected}");
        Assert.NotEmpty(expected["rows"]?.AsArray() ?? expected["series"]!.AsArray());

        if (path.Contains("progress", StringComparison.Ordinal)) return; // JSON only at the service
        var csv = await Report(name, args, "--format", "csv");
        Assert.True(csv.Code == 0, csv.Err);
        var serviceCsv = Encoding.UTF8.GetString(await f.Http.GetByteArrayAsync(path + "&format=csv"));
        Assert.Equal(serviceCsv.TrimStart('\uFEFF'), csv.Out);
        Assert.NotEqual('\uFEFF', csv.Out[0]); // a pipe gets no byte order mark
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Tables_are_plain_fit_80_columns_and_round_for_reading(string name, string[] args, string path)
    {
        var table = await Report(name, args);
        Assert.True(table.Code == 0, table.Err);
        Assert.DoesNotContain('\u001b', table.Out); // no ANSI codes into a pipe
        Assert.All(table.Out.Split('\n'), line => Assert.True(DisplayWidth(line) <= 80, $"{DisplayWidth(line)} columns: {line}"));
        // No figure with more than two decimals, and none cut across lines.
        Assert.DoesNotMatch(@"\d\.\d{3}", table.Out);
        Assert.DoesNotContain("{", table.Out);

        var doc = JsonNode.Parse(await f.Http.GetStringAsync(path))!;
        var rows = (doc["rows"] ?? doc["series"])!.AsArray();
        foreach (var row in rows.Select(r => r!.AsObject()))
            foreach (var (key, value) in row)
            {
                if (value is not JsonValue v || !v.TryGetValue(out double x)) continue;
                var shown = key.EndsWith("_km", StringComparison.Ordinal) || key.Contains("_km_", StringComparison.Ordinal) ? x.ToString("N1", CultureInfo.InvariantCulture)
                    : key.EndsWith("_rate", StringComparison.Ordinal) ? (x * 100).ToString("N1", CultureInfo.InvariantCulture) + "%"
                    : key.EndsWith("_pct", StringComparison.Ordinal) ? x.ToString("N1", CultureInfo.InvariantCulture) + "%"
                    : key is "relative_difference" ? (x * 100).ToString("N1", CultureInfo.InvariantCulture) + "%"
                    : key is "entitled_total" or "disbursed_total" or "outstanding_total" or "budget_total" or "spent_total" ? x.ToString("N2", CultureInfo.InvariantCulture)
                    : key is "area_m2_per_person" or "floor_area_m2_planned" or "reported" or "registry" or "difference" ? x.ToString("#,0.##", CultureInfo.InvariantCulture)
                    : x.ToString("N0", CultureInfo.InvariantCulture);
                Assert.True(table.Out.Contains(shown, StringComparison.Ordinal), $"{key} = {x} should show as {shown}:\n{table.Out}");
            }
    }

    [Fact]
    public async Task Subsidy_tables_show_money_with_separators_and_components_as_rows()
    {
        var table = await Report("subsidies", ["--level", "county", "--as-of", "2016-12-31"]);
        Assert.True(table.Code == 0, table.Err);
        // 150621 has 27 households with 79 people: 79 x 60,000 entitled; 14 payments of 12,345.67 made.
        Assert.Contains("4,740,000.00", table.Out);
        Assert.Contains("172,839.38", table.Out);
        Assert.Contains("infrastructure_industry", table.Out);
        Assert.Contains("subsidies-by-source-county-2016-12-31", table.Out);
        Assert.Contains("达拉特旗", table.Out);
    }

    [Fact]
    public async Task Xlsx_goes_to_a_file_and_a_missing_folder_or_file_is_a_clear_usage_error()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rp-report-{Guid.NewGuid():N}.xlsx");
        try
        {
            var r = await Report("settled-rates", ["--as-of", "2017-01-31", "--format", "xlsx", "-o", file]);
            Assert.True(r.Code == 0, r.Err);
            using var doc = SpreadsheetDocument.Open(file, false);
            Assert.Equal("搬迁安置入住率", doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single().Name!.Value);
            // The same report printed: a PDF in English when asked.
            var pdf = Path.ChangeExtension(file, ".pdf");
            var printed = await Report("settled-rates", ["--as-of", "2017-01-31", "--format", "pdf", "--lang", "en", "-o", pdf]);
            Assert.True(printed.Code == 0, printed.Err);
            Assert.Contains("Settled rates by county", Poppler.Text(pdf));
            File.Delete(pdf);
        }
        finally
        {
            File.Delete(file);
        }
        var noFile = await Report("settled-rates", ["--format", "xlsx"]);
        Assert.Equal(2, noFile.Code);
        Assert.Contains("--output", noFile.Err);

        var missing = Path.Combine(Path.GetTempPath(), "rp-no-such-folder-" + Guid.NewGuid().ToString("N"), "x.csv");
        foreach (var args in new[] { new[] { "report", "subsidies", "-f", "csv", "-o", missing }, ["export", "roads", "-o", missing], ["backup", "-o", missing] })
        {
            var r = await Rp.RunAsync(f.Service.ConnectionString, args);
            Assert.Equal(2, r.Code);
            Assert.Contains($"The folder {Path.GetDirectoryName(missing)} for --output does not exist", r.Err);
            Assert.DoesNotContain("   at ", r.Err);
        }
    }

    /// <summary>Terminal columns of a line: East Asian wide characters take two.</summary>
    static int DisplayWidth(string line) =>
        line.TrimEnd('\r').Sum(c => c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFF60' ? 2 : 1);
}
