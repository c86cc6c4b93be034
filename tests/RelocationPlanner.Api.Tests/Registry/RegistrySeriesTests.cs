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

    [Fact]
    public async Task A_sites_series_equals_the_site_level_report_at_each_month_end()
    {
        // A unit's series comes from the per-unit sums, a site's from its households: 12 Dalad
        // households at one centralized site, one withdrawn after moving in.
        await f.ScalarAsync("""
            INSERT INTO sites (code, name, site_type, capacity_households, geom)
            VALUES ('SERSITE', '示范安置点', 'centralized', 20, ST_GeomFromText('POLYGON((109.80 39.80, 109.81 39.80, 109.81 39.81, 109.80 39.81, 109.80 39.80))', 4326))
            """);
        var csv = new StringBuilder(RegistryFixture.CsvHeader + "\n");
        for (var i = 0; i < 12; i++)
        {
            var reg = new DateOnly(2016, 2 + i % 6, 3 + i);
            var keys = i % 3 == 0 ? "" : reg.AddDays(45 + 11 * i).ToString("yyyy-MM-dd");
            var moved = i % 2 == 0 || keys == "" ? "" : reg.AddDays(80 + 11 * i).ToString("yyyy-MM-dd");
            csv.Append($"SST{i:D2},Head {i},{1 + i % 4},150621,,SERSITE,centralized,{reg:yyyy-MM-dd},{keys},{moved}\n");
        }
        Assert.Equal(HttpStatusCode.OK, (await f.PostCsv(csv.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/households/SST01/milestones", new { milestone = "withdrawn", date = "2017-02-20" })).StatusCode);

        var series = (await (await f.Http.GetAsync("/api/reports/settled-rates/series?unit=SERSITE&from=2016-01-01&to=2017-04-10")).Json())
            .GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(16, series.Count);
        foreach (var p in series)
        {
            var asOf = p.GetProperty("as_of").GetString();
            var row = (await (await f.Http.GetAsync($"/api/reports/settled-rates?level=site&as_of={asOf}")).Json()).GetProperty("rows").EnumerateArray()
                .SingleOrDefault(x => x.GetProperty("unit_code").GetString() == "SERSITE");
            foreach (var field in new[] { "households", "people", "keys_claimed", "moved_in", "deemed_settled" })
            {
                var expected = row.ValueKind == System.Text.Json.JsonValueKind.Undefined ? 0 : row.GetProperty(field).GetInt64();
                Assert.True(expected == p.GetProperty(field).GetInt64(), $"{asOf} {field}: report {expected}, series {p.GetProperty(field).GetInt64()}");
            }
        }
        Assert.Equal(11, series[^1].GetProperty("households").GetInt64());
    }
}
