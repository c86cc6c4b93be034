using System.Net;
using System.Text.Json;

namespace RelocationPlanner.Api.Tests.Map;

/// <summary>
/// The unit pickers' tree read where it is open: the top units, each ancestor's children and the
/// unit's own; a list of one opens by itself.
/// </summary>
public class UnitTreeTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    async Task Seed()
    {
        if (await f.CountAsync("admin_units") > 0) return;
        var r = await f.PostGeoJson("/api/admin_units/import", Geo.Collection(
            Geo.Feature(Geo.Square(108.0, 38.5, 1.5), new() { ["code"] = "15", ["name"] = "内蒙古自治区", ["level"] = "province" }),
            Geo.Feature(Geo.Square(112.0, 37.5, 1.0), new() { ["code"] = "14", ["name"] = "山西省", ["level"] = "province" }),
            Geo.Feature(Geo.Square(108.0, 38.5, 1.5), new() { ["code"] = "1506", ["name"] = "鄂尔多斯市", ["level"] = "city", ["parent_code"] = "15" }),
            Geo.Feature(Geo.Square(108.0, 38.5, 0.75), new() { ["code"] = "150621", ["name"] = "达拉特旗", ["level"] = "county", ["parent_code"] = "1506" }),
            Geo.Feature(Geo.Square(108.75, 38.5, 0.75), new() { ["code"] = "150622", ["name"] = "准格尔旗", ["level"] = "county", ["parent_code"] = "1506" }),
            Geo.Feature(Geo.Square(108.0, 38.5, 0.3), new() { ["code"] = "150621100", ["name"] = "树林召镇", ["level"] = "township", ["parent_code"] = "150621" }),
            Geo.Feature(Geo.Square(108.3, 38.5, 0.3), new() { ["code"] = "150621101", ["name"] = "王爱召镇", ["level"] = "township", ["parent_code"] = "150621" })));
        r.EnsureSuccessStatusCode();
    }

    /// <summary>Each list as "parent: code code ..." ("-" for the top).</summary>
    async Task<List<string>> Tree(string query)
    {
        await Seed();
        var r = await f.Http.GetAsync("/api/map/unit-tree" + query);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("lists").EnumerateArray().Select(l => (l.GetProperty("parent").GetString() ?? "-") + ": " +
            string.Join(" ", l.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()))).ToList();
    }

    const string Top = "-: 14 15";

    [Fact]
    public async Task Closed_it_lists_the_top_units()
    {
        Assert.Equal([Top], await Tree(""));
    }

    [Fact]
    public async Task Open_at_a_county_it_lists_each_ancestors_children_and_the_countys_own()
    {
        Assert.Equal([Top, "15: 1506", "1506: 150621 150622", "150621: 150621100 150621101"], await Tree("?open=150621"));
        // A township has no children: the list it was chosen among is the last.
        Assert.Equal([Top, "15: 1506", "1506: 150621 150622", "150621: 150621100 150621101"], await Tree("?open=150621101"));
    }

    [Fact]
    public async Task A_list_of_one_opens_by_itself_until_there_is_a_choice()
    {
        // The province's only city opens onto its two counties.
        Assert.Equal([Top, "15: 1506", "1506: 150621 150622"], await Tree("?open=15"));
    }

    [Fact]
    public async Task A_code_that_is_no_unit_is_not_found()
    {
        await Seed();
        var r = await f.Http.GetAsync("/api/map/unit-tree?open=' OR 1=1 --");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        // NUL (which PostgreSQL text refuses) and overlong codes never reach the query; bytes that
        // are no UTF-8 stay as their %-escapes (ASP.NET's decoding), a code that is no unit.
        foreach (var hostile in new[] { "%00", new string('1', 3000) })
        {
            var refused = await f.Http.GetAsync("/api/map/unit-tree?open=" + hostile);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("open", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/api/map/unit-tree?open=%FF%FE")).StatusCode);
    }
}
