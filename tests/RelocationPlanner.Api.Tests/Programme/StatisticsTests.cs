using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelocationPlanner.Api.Tests.Registry;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Programme;

/// <summary>
/// Reported figures: the 2012 year-book example imports with its inconsistencies as warnings naming
/// their rules, and its reconciliation sets the figures beside what the registry and the
/// infrastructure tables hold (hand-made: Fujian with a city, 40 households registered in 2012 and
/// 2 x 166 km of roads completed that year; Chongqing with nothing).
/// </summary>
public class StatisticsTests(StatisticsTests.Fixture f) : IClassFixture<StatisticsTests.Fixture>
{
    public sealed class Fixture : RegistryFixture
    {
        protected override async Task SeedAsync()
        {
            SiteProjectTests.Fixture.Check(await PostGeoJson("/api/admin_units/import", Geo.Collection(
                Geo.Feature(Geo.Square(117.0, 24.0, 2.5), new() { ["code"] = "35", ["name"] = "福建省", ["level"] = "province" }),
                Geo.Feature(Geo.Square(117.0, 24.0, 2.5), new() { ["code"] = "3501", ["name"] = "福州市", ["level"] = "city", ["parent_code"] = "35" }),
                Geo.Feature(Geo.Square(106.0, 29.0, 1.0), new() { ["code"] = "50", ["name"] = "重庆市", ["level"] = "province" }))));
            var (_, mLat) = Geodesic.MetresPerDegree(25.0);
            JsonObject Road(string code, double lon, string completed) => Geo.Feature(Geo.Line((lon, 24.2), (lon, 24.2 + 166_000 / mLat)),
                new() { ["code"] = code, ["road_class"] = "county", ["status"] = "completed", ["started_on"] = "2011-01-01", ["completed_on"] = completed });
            SiteProjectTests.Fixture.Check(await PostGeoJson("/api/roads/import", Geo.Collection(
                Road("FJ1", 117.5, "2012-06-30"), Road("FJ2", 118.5, "2012-12-31"), Road("FJ0", 119.0, "2011-12-31"))));
            SiteProjectTests.Fixture.Check(await PostCsv(CsvHeader + "\n" + string.Join("\n", Enumerable.Range(1, 41).Select(i =>
                $"FJ{i:000},户主{i},4,3501,,,separate_purchased,{(i <= 40 ? "2012-03-01" : "2013-01-01")},,")) + "\n"));
        }
    }

    static readonly string Example = Path.Combine(TestDatabase.RepoRoot, "data", "examples", "statistics-yearbook-2012.csv");

    Task<HttpResponseMessage> Import(string csv) => f.Http.PostAsync("/api/statistics/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task The_year_book_imports_with_its_inconsistencies_named_and_reconciles_against_the_registry()
    {
        var text = await File.ReadAllTextAsync(Example);
        var r = await Import(text);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Json();
        Assert.Equal(288, body.GetProperty("imported").GetInt32());
        var lines = text.Split('\n');
        var warnings = body.GetProperty("warnings").EnumerateArray()
            .Select(w => (Line: lines[w.GetProperty("row").GetInt32() - 1].Split(','), Rule: w.GetProperty("rule").GetString()!)).ToList();
        bool Has(string unit, string indicator, string rule) => warnings.Any(w => w.Line[0] == unit && w.Line[2] == indicator && w.Rule == rule);
        Assert.True(Has("35", "relocated_people", "people_ge_households"), "Fujian: 404,000 households, 160,800 people");
        Assert.True(Has("35", "relocation_investment_total", "parts_sum_to_total"), "Fujian: 1.588 + 4.667 bn is not 7.013 bn");
        Assert.True(Has("64", "labor_migration_people_planned", "people_ge_households"), "Ningxia: 201,000 households, 86,500 people");
        Assert.True(Has("50", "relocated_people", "one_value_per_unit_year"), "Chongqing: 120,000 and 220,000 people");
        Assert.True(Has("21", "relocation_housing_subsidy_per_household", "per_household_plausible"), "Liaoning: 25,000 x 3,733 > 76.12 m");
        Assert.True(Has("65", "relocated_households", "parts_sum_to_total"), "Xinjiang: 3,300 + 1,600 + 400 is not 5,400");
        Assert.True(Has("52", "relocation_completion_rate", "rate_matches_parts"), "Guizhou: 45,700 / 30,000 is 152.33 %");
        Assert.Contains(warnings, w => w.Line[0] == "41" && w.Rule == "unit_not_registered");
        Assert.DoesNotContain(warnings, w => w.Line[0] is "35" or "50" or "15" && w.Rule == "unit_not_registered");

        var rec = await (await f.Http.GetAsync("/api/reports/reconciliation?level=province&year=2012")).Json();
        var rows = rec.GetProperty("rows").EnumerateArray().ToList();
        JsonElement Line(string unit, string indicator) => rows.Single(x => x.GetProperty("unit_code").GetString() == unit && x.GetProperty("indicator").GetString() == indicator);
        var households = Line("35", "relocated_households");
        Assert.Equal((404000m, 40m, 403960m, true), (households.GetProperty("reported").GetDecimal(), households.GetProperty("registry").GetDecimal(),
            households.GetProperty("difference").GetDecimal(), households.GetProperty("flagged").GetBoolean()));
        Assert.Equal(160m, Line("35", "relocated_people").GetProperty("registry").GetDecimal());
        var roads = Line("35", "road_km");
        Assert.Equal(332.0, roads.GetProperty("registry").GetDouble(), 0.1);
        Assert.False(roads.GetProperty("flagged").GetBoolean());
        var twice = Line("50", "relocated_people");
        Assert.Equal((JsonValueKind.Null, 2, true, "one_value_per_unit_year"), (twice.GetProperty("reported").ValueKind, twice.GetProperty("reported_count").GetInt32(),
            twice.GetProperty("flagged").GetBoolean(), twice.GetProperty("note").GetString()));
        Assert.True(Line("50", "road_km").GetProperty("flagged").GetBoolean());
        // Units the registry does not hold have no level: only an unfiltered reconciliation lists them.
        Assert.DoesNotContain(rows, x => x.GetProperty("unit_code").GetString() == "41");
        var all = await (await f.Http.GetAsync("/api/reports/reconciliation?year=2012")).Json();
        var henan = all.GetProperty("rows").EnumerateArray().First(x => x.GetProperty("unit_code").GetString() == "41");
        Assert.False(henan.GetProperty("registered_unit").GetBoolean());
        // The table says the same.
        var csv = await f.Http.GetStringAsync("/api/reports/reconciliation?level=province&year=2012&format=csv");
        Assert.Contains("35,福建省,relocated_households,1,404000,40,403960,0.999901,yes,past_tolerance", csv);
        Assert.Contains("35,福建省,road_km,1,332,", csv);

        // The same file again: every figure now has a second value, each row says so against the stored one.
        var again = await (await Import(text)).Json();
        var repeated = again.GetProperty("warnings").EnumerateArray().Where(w => w.GetProperty("rule").GetString() == "one_value_per_unit_year")
            .Select(w => w.GetProperty("row").GetInt32()).ToList();
        Assert.Equal(288, repeated.Distinct().Count());
        Assert.Equal(288, repeated.Count);
        var listed = await (await f.Http.GetAsync("/api/statistics?unit=35&year=2012")).Json();
        Assert.Equal(28, listed.GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task A_malformed_file_is_refused_whole_naming_line_and_column()
    {
        var before = await f.CountAsync("reported_statistics");
        var r = await Import("unit_code,year,indicator,value,unit,source\n" +
            "15,2012,relocated_households,100,households,ok\n" +
            "15,2012,relocated_people,-3,people,negative\n" +
            "15,2012,road_km,12,households,wrong unit\n" +
            "15,twenty,wells,3,wells,bad year\n");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await r.Json()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();
        Assert.Equal([(3, "value", "number"), (4, "unit", "indicator_unit"), (5, "year", "year")], errors);
        Assert.Equal(before, await f.CountAsync("reported_statistics"));
        Assert.Equal("header", (await (await Import("province,year,indicator\n")).Json()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await f.Http.PostAsync("/api/statistics/import", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal("year", (await (await f.Http.GetAsync("/api/reports/reconciliation?level=province")).Json()).GetProperty("field").GetString());
    }
}
