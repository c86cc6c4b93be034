using System.Net;
using System.Text;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>The monthly series must agree, month by month, with the settled-rates report as of each month's end.</summary>
public class RegistrySeriesTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Each_month_of_the_series_equals_the_report_as_of_its_last_day_withdrawals_included()
    {
        // 40 Jungar households registered over 2016, keys and moves spread over 2016-2017.
        var csv = new StringBuilder(RegistryFixture.CsvHeader + "\n");
        for (var i = 0; i < 40; i++)
        {
            var reg = new DateOnly(2016, 1 + i % 12, 1 + i % 27);
            string keys = i % 4 == 0 ? "" : reg.AddDays(60 + 9 * i).ToString("yyyy-MM-dd");
            string moved = i % 3 == 0 || keys == "" ? "" : reg.AddDays(90 + 9 * i).ToString("yyyy-MM-dd");
            csv.Append($"SER{i:D3},Head {i},{1 + i % 5},150622,,,separate_self_built,{reg:yyyy-MM-dd},{keys},{moved}\n");
        }
        Assert.Equal(HttpStatusCode.OK, (await f.PostCsv(csv.ToString())).StatusCode);
        // Withdrawals: one before any keys, one after claiming keys, one after moving in.
        foreach (var (code, date) in new[] { ("SER000", "2016-09-15"), ("SER001", "2017-08-01"), ("SER002", "2017-10-31") })
            Assert.Equal(HttpStatusCode.Created, (await f.PostJson($"/api/households/{code}/milestones", new { milestone = "withdrawn", date })).StatusCode);

        var series = (await (await f.Http.GetAsync("/api/reports/settled-rates/series?unit=150622&from=2015-12-01&to=2018-03-15")).Json())
            .GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(28, series.Count);
        Assert.Equal("2018-03-15", series[^1].GetProperty("as_of").GetString());
        var nonEmpty = 0;
        foreach (var p in series)
        {
            var asOf = p.GetProperty("as_of").GetString();
            var rows = (await (await f.Http.GetAsync($"/api/reports/settled-rates?level=county&as_of={asOf}")).Json()).GetProperty("rows").EnumerateArray();
            var row = rows.SingleOrDefault(x => x.GetProperty("unit_code").GetString() == "150622");
            foreach (var field in new[] { "households", "people", "keys_claimed", "moved_in", "deemed_settled" })
            {
                var expected = row.ValueKind == System.Text.Json.JsonValueKind.Undefined ? 0 : row.GetProperty(field).GetInt64();
                Assert.True(expected == p.GetProperty(field).GetInt64(), $"{asOf} {field}: report {expected}, series {p.GetProperty(field).GetInt64()}");
            }
            if (p.GetProperty("households").GetInt64() > 0) nonEmpty++;
        }
        Assert.Equal(0, series[0].GetProperty("households").GetInt64());
        Assert.Equal(37, series[^1].GetProperty("households").GetInt64());
        Assert.True(nonEmpty >= 26);
    }
}
