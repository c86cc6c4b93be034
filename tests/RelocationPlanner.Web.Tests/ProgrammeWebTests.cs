using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The programme in the map client, against the real endpoints with the demo data: a site's
/// construction project in its details panel (both languages), and the compliance report among
/// the dashboards with the API's figures.
/// </summary>
[Collection("web")]
public sealed class ProgrammeWebTests(BrowserFixture fx)
{
    static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    static async Task Ok(HttpResponseMessage r)
    {
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_sites_details_show_its_construction_project_in_both_languages()
    {
        var fc = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/sites/items?limit=10000");
        // Not the sites the analysis tests click (the first two demo centralized sites).
        var site = fc.GetProperty("features").EnumerateArray().Where(f =>
            f.GetProperty("properties").GetProperty("site_type").GetString() == "centralized"
            && f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith('S')).ElementAt(2);
        var code = site.GetProperty("properties").GetProperty("code").GetString()!;
        var http = fx.Service.Http;
        await Ok(await http.PutAsJsonAsync($"/api/sites/{code}/plan", new
        {
            houses = new[] { new { type = "80.88 m2", count = 28, floor_area_m2 = "80.88" } },
            facilities = new[] { new { kind = "well", quantity = 2, unit = "wells" } },
            budget = new object[] { new { funding_source = "counterpart", amount = "4000000.00" }, new { funding_source = "local", amount = "980000.00" } },
        }));
        await Ok(await http.PostAsJsonAsync($"/api/sites/{code}/milestones", new { milestone = "approved", date = "2016-05-16" }));
        await Ok(await http.PostAsJsonAsync($"/api/sites/{code}/milestones", new { milestone = "infrastructure_completed", date = "2016-11-20" }));
        await Ok(await http.PostAsJsonAsync($"/api/sites/{code}/expenditures", new { category = "housing", amount = "4000000.01", spent_on = "2016-09-01", funding_source = "counterpart" }));

        // Three households of the site: one registered, one with its keys, one moved in.
        var county = code[1..7];
        await Ok(await http.PostAsync("/api/households/import", new StringContent(
            RelocationPlanner.Core.Registry.HouseholdCsv.HeaderLine + "\n" +
            $"HPC01,甲,3,{county},,{code},centralized,2016-03-01,,\n" +
            $"HPC02,乙,2,{county},,{code},centralized,2016-03-01,2016-12-01,\n" +
            $"HPC03,丙,4,{county},,{code},centralized,2016-03-01,2016-12-01,2016-12-20\n", System.Text.Encoding.UTF8, "text/csv")));

        var ring = site.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToArray()[..^1];
        var (lon, lat) = (ring.Average(c => c[0].GetDouble()), ring.Average(c => c[1].GetDouble()));
        var page = await fx.OpenMapAsync("en-GB");
        await BrowserFixture.GoToAsync(page, lon, lat, 15);
        var (x, y) = await BrowserFixture.PixelAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        var card = page.Locator("[data-testid=project-card][data-loaded='1']");
        await card.WaitForAsync();
        Assert.Equal("Construction project", await card.Locator("h3").InnerTextAsync());
        Assert.Contains("2,264.64 m²", await card.Locator("[data-testid=project-floor-area]").InnerTextAsync());
        Assert.Contains("4,980,000.00", await card.Locator("[data-testid=project-budget]").InnerTextAsync());
        Assert.Equal(["approved", "infrastructure_completed"], await card.Locator("[data-testid=project-milestones] li").EvaluateAllAsync<string[]>("l => l.map(x => x.dataset.milestone)"));
        Assert.Equal("1", await card.Locator("tr[data-source=counterpart]").GetAttributeAsync("data-over"));
        Assert.Equal("0", await card.Locator("tr[data-source=local]").GetAttributeAsync("data-over"));
        Assert.Contains("over budget", await card.Locator("tr[data-source=counterpart]").InnerTextAsync());
        // Households against capacity: the API's figures, as the card shows them.
        var hh = (await http.GetFromJsonAsync<JsonElement>($"/api/sites/{code}/project")).GetProperty("households");
        Assert.Equal(new[] { "capacity", "assigned", "keys_claimed", "moved_in" }.Select(k => hh.GetProperty(k).GetInt32().ToString("#,0", EnGb)),
            await card.Locator("[data-testid=project-households] td").AllInnerTextsAsync());
        Assert.Equal(site.GetProperty("properties").GetProperty("capacity_households").GetInt32(), hh.GetProperty("capacity").GetInt32());
        Assert.Equal((3, 2, 1), (hh.GetProperty("assigned").GetInt32(), hh.GetProperty("keys_claimed").GetInt32(), hh.GetProperty("moved_in").GetInt32()));
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ShotAsync(page, "site-project-card");

        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-testid=project-card] h3", new() { HasText = "建设项目" }).WaitForAsync();
        Assert.Contains("超预算", await card.Locator("tr[data-source=counterpart]").InnerTextAsync());
        Assert.Contains("批复", await card.Locator("[data-testid=project-milestones]").InnerTextAsync());
        // The rest of the details panel follows the language too, not only the card.
        await page.Locator("[data-testid=score-box] h3", new() { HasText = "评分明细" }).WaitForAsync();
        Assert.DoesNotContain("Score breakdown", await page.Locator("[data-testid=details]").InnerTextAsync());
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ShotAsync(page, "site-project-card-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_compliance_dashboard_shows_the_reports_figures()
    {
        var http = fx.Service.Http;
        const string county = "150621";
        await Ok(await http.PostAsJsonAsync("/api/compliance-policies", new
        {
            code = "web-national",
            region_code = "15",
            valid_from = "2016-01-01",
            valid_to = "2020-12-31",
            max_area_m2_per_person = 25,
            max_self_paid_per_person = 3000,
            max_self_paid_per_household = 10000,
            demolish_within_days = 730,
            min_employed_per_labour_household = 1,
        }));
        await Ok(await http.PostAsync("/api/households/import", new StringContent(
            RelocationPlanner.Core.Registry.HouseholdCsv.HeaderLine + ",house_area_m2,self_paid,labour_members\n" +
            $"HPRG01,甲,3,{county},,,separate_self_built,2016-03-01,2016-09-01,2016-10-01,90.00,12000.00,1\n" +
            $"HPRG02,乙,2,{county},,,separate_self_built,2016-03-01,2016-09-01,,50.00,,0\n" +
            $"HPRG03,丙,4,{county},,,separate_purchased,2016-03-01,,,80.00,2000.00,2\n", System.Text.Encoding.UTF8, "text/csv")));
        var row = (await http.GetFromJsonAsync<JsonElement>("/api/reports/compliance?level=county"))
            .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit_code").GetString() == county);
        Assert.True(row.GetProperty("area_over_limit").GetInt32() >= 1); // HPRG01: 30 m2 per person

        var page = await fx.OpenMapAsync("en-GB");
        await page.ClickAsync("[data-tab=dashboards]");
        var box = page.Locator("[data-report=compliance][data-loaded='1']");
        await box.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("Compliance with the plan by county", await box.Locator("h3").InnerTextAsync());
        Assert.True(await box.Locator("canvas").CountAsync() > 0, "a chart");
        var cells = await box.Locator($"tr[data-unit='{county}'] td").AllInnerTextsAsync();
        string N(string k) => row.GetProperty(k).GetInt64().ToString("#,0", EnGb);
        string P(string k) => row.GetProperty(k).ValueKind == JsonValueKind.Null ? "—" : (row.GetProperty(k).GetDouble() * 100).ToString("0.#", EnGb) + "%";
        Assert.Equal([row.GetProperty("unit_name").GetString()!, N("households"), N("covered"), N("area_over_limit"), N("self_paid_over_limit"),
            N("moved_in"), N("demolition_overdue"), P("demolition_rate"), P("employment_rate"), row.GetProperty("area_m2_per_person").GetDouble().ToString("#,0.##", EnGb)], cells);
        await box.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ShotAsync(page, "dashboard-compliance");

        // Chinese first for its users: the same figures under Chinese labels.
        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-report=compliance][data-loaded='1'] h3", new() { HasText = "政策合规（按旗县）" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("面积超标", await box.Locator("table tr").First.InnerTextAsync());
        await box.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ShotAsync(page, "dashboard-compliance-zh");
        await page.Context.CloseAsync();
    }
}
