using System.Net;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RelocationPlanner.Api.Tests.Infrastructure;

public class InfrastructureReportTests(InfrastructureFixture f) : IClassFixture<InfrastructureFixture>
{
    const string W = InfrastructureFixture.West, E = InfrastructureFixture.East;

    async Task<JsonElement> Get(string url)
    {
        var r = await f.Http.GetAsync(url);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.Json();
    }

    static JsonElement Row(JsonElement doc, string unit, string? status = null) =>
        doc.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit_code").GetString() == unit
            && (status is null || r.GetProperty("status").GetString() == status));

    static void Near(double expected, double actual, double relative = 0.001)
    {
        Assert.True(expected > 0, "expected a positive length");
        Assert.True(Math.Abs(actual - expected) <= expected * relative, $"expected {expected} km, got {actual} km");
    }

    [Fact]
    public async Task A_road_crossing_the_banner_border_counts_in_each_banner_for_its_part_inside()
    {
        var doc = await Get("/api/reports/infrastructure?level=county&status=completed");
        Assert.Equal(2, doc.GetProperty("rows").GetArrayLength());
        var west = Row(doc, "150621");
        var east = Row(doc, "150622");
        Assert.Equal("达拉特旗", west.GetProperty("unit_name").GetString());
        Near(await f.ClippedKmAsync("roads", "R1,R4", W), west.GetProperty("road_km").GetDouble());
        Near(await f.ClippedKmAsync("roads", "R1", E), east.GetProperty("road_km").GetDouble());
        Near(await f.ClippedKmAsync("power_lines", "P1,P2", W), west.GetProperty("power_line_km").GetDouble());
        Near(await f.ClippedKmAsync("power_lines", "P1", E), east.GetProperty("power_line_km").GetDouble());
        Assert.Equal(1, west.GetProperty("wells").GetInt64());
        Assert.Equal(0, east.GetProperty("wells").GetInt64());

        // The city holds both banners: each line whole, once.
        var city = Row(await Get("/api/reports/infrastructure?level=city&status=completed"), "1506");
        Near(await f.ClippedKmAsync("roads", "R1,R4", "ST_MakeEnvelope(107, 38, 110, 40, 4326)"), city.GetProperty("road_km").GetDouble());
    }

    [Fact]
    public async Task Every_unit_gets_a_row_per_status_and_the_filters_narrow_their_own_figures()
    {
        var all = await Get("/api/reports/infrastructure?level=county");
        Assert.Equal(6, all.GetProperty("rows").GetArrayLength());
        Near(await f.ClippedKmAsync("roads", "R3", E), Row(all, "150622", "under_construction").GetProperty("road_km").GetDouble());
        Assert.Equal(1, Row(all, "150622", "planned").GetProperty("wells").GetInt64());

        var y2017 = await Get("/api/reports/infrastructure?level=county&status=completed&year=2017");
        Assert.Equal(0, Row(y2017, "150621").GetProperty("road_km").GetDouble());
        Near(await f.ClippedKmAsync("power_lines", "P2", W), Row(y2017, "150621").GetProperty("power_line_km").GetDouble());

        var hv = await Get("/api/reports/infrastructure?level=county&status=completed&min_voltage_kv=35");
        Near(await f.ClippedKmAsync("power_lines", "P1", W), Row(hv, "150621").GetProperty("power_line_km").GetDouble());

        var asphalt = await Get("/api/reports/infrastructure?level=county&status=completed&surface=asphalt&road_class=county");
        Near(await f.ClippedKmAsync("roads", "R1", W), Row(asphalt, "150621").GetProperty("road_km").GetDouble());
    }

    [Fact]
    public async Task Progress_gives_plan_against_completed_with_percentages()
    {
        var doc = await Get("/api/reports/infrastructure/progress?level=county");
        var west = Row(doc, "150621");
        var planned = await f.ClippedKmAsync("roads", "R2", W);
        var completed = await f.ClippedKmAsync("roads", "R1,R4", W);
        Near(planned, west.GetProperty("road_planned_km").GetDouble());
        Near(completed, west.GetProperty("road_completed_km").GetDouble());
        Assert.Equal(Math.Round(completed / (planned + completed) * 100, 1), west.GetProperty("road_completed_pct").GetDouble(), 1);
        var powerDone = await f.ClippedKmAsync("power_lines", "P1,P2", W);
        var powerPlanned = await f.ClippedKmAsync("power_lines", "P3", W);
        Assert.Equal(Math.Round(powerDone / (powerDone + powerPlanned) * 100, 1), west.GetProperty("power_line_completed_pct").GetDouble(), 1);
        Assert.Equal(100.0, west.GetProperty("wells_completed_pct").GetDouble(), 1);

        var east = Row(doc, "150622");
        Assert.Equal(0.0, east.GetProperty("wells_completed_pct").GetDouble());
        var eastCompleted = await f.ClippedKmAsync("roads", "R1", E);
        var eastBuilding = await f.ClippedKmAsync("roads", "R3", E);
        Assert.Equal(Math.Round(eastCompleted / (eastCompleted + eastBuilding) * 100, 1), east.GetProperty("road_completed_pct").GetDouble(), 1);
    }

    [Fact]
    public async Task Monthly_completions_with_running_totals_and_downloads()
    {
        var doc = await Get("/api/reports/infrastructure/monthly?level=county&unit=150621");
        var months = doc.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("month").GetString()!).ToArray();
        Assert.Equal(["2015-09", "2016-05", "2016-07", "2017-03"], months);
        var may = doc.GetProperty("rows")[1];
        Near(await f.ClippedKmAsync("roads", "R1", W), may.GetProperty("road_km").GetDouble());
        Assert.Equal(1, may.GetProperty("wells").GetInt64());
        Near(await f.ClippedKmAsync("roads", "R1,R4", W), may.GetProperty("road_km_cumulative").GetDouble());

        var window = await Get("/api/reports/infrastructure/monthly?level=county&unit=150621&from=2016-06&to=2016-12");
        var july = Assert.Single(window.GetProperty("rows").EnumerateArray());
        Assert.Equal("2016-07", july.GetProperty("month").GetString());
        Near(await f.ClippedKmAsync("roads", "R1,R4", W), july.GetProperty("road_km_cumulative").GetDouble());

        var csv = await f.Http.GetAsync("/api/reports/infrastructure/monthly?level=county&unit=150621&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("unit_code,unit_name,month,road_km,power_line_km,wells,road_km_cumulative,power_line_km_cumulative,wells_cumulative", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("150621,达拉特旗,2016-05,", lines[2], StringComparison.Ordinal);

        var xlsx = await f.Http.GetAsync("/api/reports/infrastructure/monthly?level=county&unit=150621&format=xlsx");
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        using var book = SpreadsheetDocument.Open(stream, false);
        var sheet = book.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!;
        // Below the heading and the column labels: the four months, then the totals.
        var rows = sheet.Elements<Row>().Where(r => r.RowIndex! > Data.Tables.XlsxWriter.HeaderRow).ToList();
        Assert.Equal(5, rows.Count);
        var cells = rows[1].Elements<Cell>().ToList();
        Assert.Equal("2016-05", cells[2].InnerText);
        Near(await f.ClippedKmAsync("roads", "R1", W), double.Parse(cells[3].InnerText, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Gauss_Kruger_lengths_agree_with_geodesic_within_the_zone_scale_distortion()
    {
        var doc = await Get("/api/reports/infrastructure/crosscheck?level=county&unit=150621");
        var row = Assert.Single(doc.GetProperty("rows").EnumerateArray());
        Assert.Equal([4545], row.GetProperty("gk_zones").EnumerateArray().Select(z => z.GetInt32()));
        // All statuses: the cross-check is about lengths, not progress.
        Near(await f.ClippedKmAsync("roads", "R1,R2,R4", W), row.GetProperty("road_km").GetDouble());
        // Within 0.75 degrees of CM 108E the scale factor is 1 + x²/2R² <= 1.00006: GK is a little longer.
        var diff = row.GetProperty("road_diff_pct").GetDouble();
        Assert.InRange(diff, 0.0, 0.006);
        Assert.InRange(row.GetProperty("power_line_diff_pct").GetDouble(), 0.0, 0.006);
    }

    [Fact]
    public async Task A_site_lists_what_serves_it_and_answers_the_access_checklists_with_evidence()
    {
        var doc = await Get($"/api/sites/{f.SiteId}/infrastructure");
        Assert.Equal(2000, doc.GetProperty("service_m").GetDouble());
        var roads = doc.GetProperty("roads");
        Assert.Equal(1, roads.GetProperty("count").GetInt32());
        Assert.Equal("R4", roads.GetProperty("features")[0].GetProperty("code").GetString());
        var wells = doc.GetProperty("wells").GetProperty("features")[0];
        Assert.True(wells.GetProperty("inside").GetBoolean());
        Assert.Equal(0, wells.GetProperty("distance_m").GetDouble());

        var five = doc.GetProperty("five_accesses").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Equal("yes", five["road"].GetProperty("state").GetString());
        Assert.Equal("R4", five["road"].GetProperty("evidence").GetProperty("code").GetString());
        // R4 runs 0.01 degree (about 1.1 km) south of the site's southern edge.
        Assert.InRange(five["road"].GetProperty("evidence").GetProperty("distance_m").GetDouble(), 1100, 1115);
        Assert.Equal("no", five["electricity"].GetProperty("state").GetString());
        Assert.Equal("P3", five["electricity"].GetProperty("evidence").GetProperty("code").GetString());
        Assert.Equal("yes", five["tap_water"].GetProperty("state").GetString());
        Assert.Equal("unknown", five["radio_tv"].GetProperty("state").GetString());
        Assert.Equal("unknown", five["information"].GetProperty("state").GetString());
        var six = doc.GetProperty("six_accesses").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Equal(["water", "electricity", "road", "gas", "housing", "environment"], six.Keys);
        Assert.Equal("unknown", six["gas"].GetProperty("state").GetString());

        var near = await Get($"/api/sites/{f.SiteId}/infrastructure?service_m=500");
        Assert.Equal(0, near.GetProperty("roads").GetProperty("count").GetInt32());
        Assert.Equal("no", near.GetProperty("five_accesses")[0].GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/api/reports/infrastructure", "level")]
    [InlineData("/api/reports/infrastructure?level=province", "level")]
    [InlineData("/api/reports/infrastructure?level=county&status=finished", "status")]
    [InlineData("/api/reports/infrastructure?level=county&year=1800", "year")]
    [InlineData("/api/reports/infrastructure?level=county&year=20x6", "year")]
    [InlineData("/api/reports/infrastructure?level=county&road_class=motorway", "road_class")]
    [InlineData("/api/reports/infrastructure?level=county&surface=tar", "surface")]
    [InlineData("/api/reports/infrastructure?level=county&min_voltage_kv=-10", "min_voltage_kv")]
    [InlineData("/api/reports/infrastructure?level=county&min_voltage_kv=ten", "min_voltage_kv")]
    [InlineData("/api/reports/infrastructure?level=county&format=docx", "format")]
    [InlineData("/api/reports/infrastructure/progress?level=village", "level")]
    [InlineData("/api/reports/infrastructure/monthly?level=county&from=2016-13", "from")]
    [InlineData("/api/reports/infrastructure/monthly?level=county&from=2017-01&to=2016-01", "from")]
    [InlineData("/api/reports/infrastructure/monthly?level=county&unit=999999", "unit")]
    [InlineData("/api/reports/infrastructure/crosscheck?level=county&unit=1506", "unit")]
    [InlineData("/api/sites/1/infrastructure?service_m=-1", "service_m")]
    [InlineData("/api/sites/1/infrastructure?service_m=1e9", "service_m")]
    public async Task Bad_input_is_400_problem_json_naming_the_field(string url, string field)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(field, (await r.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_unknown_site_is_404()
    {
        var r = await f.Http.GetAsync("/api/sites/987654/infrastructure");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
    }
}
