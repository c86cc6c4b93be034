using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace RelocationPlanner.Web.Tests;

/// <summary>The map client in a real headless Chromium against the real service with the demo data.</summary>
[Collection("web")]
public sealed class MapClientTests(BrowserFixture fx)
{
    static readonly string[] EnglishTitles = ["Power lines", "Wells", "Roads", "Sites", "Settlements", "Towns", "Admin units"];
    static readonly string[] ChineseTitles = ["电力线路", "水井", "道路", "安置点", "居民点 (迁出村)", "城镇", "行政区划"];

    static async Task<string[]> LegendTitlesAsync(IPage page) =>
        [.. await page.Locator(".legend-layer .layer-name").AllInnerTextsAsync()];

    [Fact]
    public async Task Map_loads_with_every_layer_in_the_legend_in_English_and_Chinese()
    {
        var page = await fx.OpenMapAsync("en-US");
        Assert.Equal(EnglishTitles, await LegendTitlesAsync(page));
        var firstRender = await page.EvaluateAsync<double>("window.rp.firstRenderMs");
        Console.WriteLine($"first render of the demo map: {firstRender:F0} ms");
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.Screenshots, "first-render-ms.txt"), $"{firstRender:F0}\n");
        Assert.InRange(firstRender, 1, 10_000);
        await BrowserFixture.ShotAsync(page, "map-en");

        // The switch changes every text and is remembered across a reload.
        await page.ClickAsync("[data-testid=lang]");
        Assert.Equal(ChineseTitles, await LegendTitlesAsync(page));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready='1']");
        Assert.Equal(ChineseTitles, await LegendTitlesAsync(page));
        Assert.Equal("详情", (await page.Locator("[data-tab=details]").InnerTextAsync()).Trim());
        await BrowserFixture.ShotAsync(page, "map-zh");

        // Layer switches work: turning roads off hides the layer.
        await page.UncheckAsync("input[data-layer=roads]");
        Assert.False(await page.EvaluateAsync<bool>("window.rp.map.getLayers().getArray().find(l => l.get('id') === 'roads').getVisible()"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_Chinese_browser_gets_the_Chinese_interface()
    {
        var page = await fx.OpenMapAsync("zh-CN");
        Assert.Equal(ChineseTitles, await LegendTitlesAsync(page));
        await page.Context.CloseAsync();
    }

    async Task<IPage> StartDrawingAsync(double lon, double lat)
    {
        var page = await fx.OpenMapAsync("en-US");
        await BrowserFixture.GoToAsync(page, lon, lat, 13);
        await page.ClickAsync("[data-tab=edit]");
        await page.FillAsync("[data-testid=token]", "test-token");
        await page.ClickAsync("[data-testid=sign-in]");
        await page.ClickAsync("[data-tool=centralized]");
        return page;
    }

    async Task ClickLonLatAsync(IPage page, double lon, double lat)
    {
        var (x, y) = await BrowserFixture.PixelAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        await page.WaitForTimeoutAsync(250); // beyond the double-click window
    }

    async Task<JsonElement[]> SitesAsync()
    {
        var fc = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/sites/items?limit=10000");
        return [.. fc.GetProperty("features").EnumerateArray()];
    }

    [Fact]
    public async Task Drawing_a_polygon_saves_a_site_that_the_API_returns()
    {
        const double lon = 110.62, lat = 38.37;
        var page = await StartDrawingAsync(lon, lat);
        (double, double)[] ring = [(lon, lat), (lon + 0.012, lat), (lon + 0.012, lat + 0.009), (lon, lat + 0.009)];
        foreach (var (x, y) in ring) await ClickLonLatAsync(page, x, y);
        await ClickLonLatAsync(page, lon, lat); // back on the first vertex: the polygon is finished
        await page.WaitForSelectorAsync("[data-testid=feature-form]");
        await page.FillAsync("input[name=code]", "WEB-TEST-001");
        await page.FillAsync("input[name=name]", "浏览器测试安置点");
        await page.FillAsync("input[name=capacity_households]", "42");
        await BrowserFixture.ShotAsync(page, "draw-site-form");
        await page.ClickAsync("[data-testid=save]");
        await page.WaitForSelectorAsync("[data-testid=feature-form]", new() { State = WaitForSelectorState.Detached });

        var site = (await SitesAsync()).Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "WEB-TEST-001");
        var p = site.GetProperty("properties");
        Assert.Equal("centralized", p.GetProperty("site_type").GetString());
        Assert.Equal(42, p.GetProperty("capacity_households").GetInt32());
        Assert.Equal("Polygon", site.GetProperty("geometry").GetProperty("type").GetString());
        var coords = site.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToArray();
        Assert.Equal(5, coords.Length);
        Assert.InRange(coords[0][0].GetDouble(), lon - 0.002, lon + 0.002);
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ShotAsync(page, "draw-site-saved");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_self_intersecting_drawing_shows_the_server_error_and_saves_nothing()
    {
        const double lon = 110.40, lat = 38.10;
        var before = (await SitesAsync()).Length;
        var page = await StartDrawingAsync(lon, lat);
        // A bow tie: its second and fourth edges cross.
        (double, double)[] ring = [(lon, lat), (lon + 0.012, lat + 0.009), (lon + 0.012, lat), (lon, lat + 0.009)];
        foreach (var (x, y) in ring) await ClickLonLatAsync(page, x, y);
        await ClickLonLatAsync(page, lon, lat);
        await page.WaitForSelectorAsync("[data-testid=feature-form]");
        await page.FillAsync("input[name=code]", "WEB-TEST-BAD");
        await page.FillAsync("input[name=name]", "自相交");
        await page.ClickAsync("[data-testid=save]");
        var errors = page.Locator("[data-testid=form-errors]");
        await errors.Locator("li").First.WaitForAsync();
        var text = await errors.InnerTextAsync();
        Assert.Contains("Invalid geometry", text);
        Assert.Contains("Not saved", text);
        await BrowserFixture.ShotAsync(page, "draw-site-self-intersecting");
        // The edit is kept for the user to fix, and nothing was stored.
        Assert.True(await page.Locator("[data-testid=feature-form]").IsVisibleAsync());
        Assert.Equal(before, (await SitesAsync()).Length);
        Assert.DoesNotContain(await SitesAsync(), f => f.GetProperty("properties").GetProperty("code").GetString() == "WEB-TEST-BAD");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_site_shows_its_details_and_score_panel()
    {
        var site = (await SitesAsync()).First(f => f.GetProperty("properties").GetProperty("site_type").GetString() == "centralized"
            && f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith('S'));
        var ring = site.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToArray()[..^1];
        var lon = ring.Average(c => c[0].GetDouble());
        var lat = ring.Average(c => c[1].GetDouble());
        var name = site.GetProperty("properties").GetProperty("name").GetString()!;

        var page = await fx.OpenMapAsync("en-US");
        await BrowserFixture.GoToAsync(page, lon, lat, 15);
        var (x, y) = await BrowserFixture.PixelAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        var details = page.Locator("[data-testid=details]");
        await details.Locator(".feature-name").WaitForAsync();
        Assert.Contains(name, await details.Locator(".feature-name").InnerTextAsync());
        Assert.Equal(site.GetProperty("properties").GetProperty("code").GetString(), await details.Locator("td[data-prop=code]").InnerTextAsync());

        // The score panel shows the breakdown when the scoring endpoint exists, and says so when it does not.
        var scoring = await fx.Service.Http.GetAsync($"/api/sites/{site.GetProperty("id").GetInt64()}/score");
        if (scoring.StatusCode == HttpStatusCode.OK)
        {
            await page.Locator("[data-testid=score] table.breakdown").WaitForAsync();
            Assert.True(await page.Locator("[data-testid=score] tr[data-criterion]").CountAsync() > 0);
        }
        else
        {
            await page.Locator("[data-testid=score-unavailable]").WaitForAsync();
            Assert.Equal("Scoring not available.", await page.Locator("[data-testid=score-unavailable]").InnerTextAsync());
        }
        await page.ClickAsync("[data-testid=compare]");
        await page.Locator("[data-testid=compare-table]").WaitForAsync();
        await BrowserFixture.ShotAsync(page, "site-details");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboards_say_which_reports_are_missing_and_never_fail_the_page()
    {
        var page = await fx.OpenMapAsync("en-US");
        await page.ClickAsync("[data-tab=dashboards]");
        string[] urls = ["/api/reports/infrastructure?level=county", "/api/reports/settled-rates?level=county", "/api/reports/subsidies?level=county"];
        var missing = 0;
        foreach (var u in urls) if ((await fx.Service.Http.GetAsync(u)).StatusCode == HttpStatusCode.NotFound) missing++;
        await page.Locator(".report-box").Nth(2).Locator("p, canvas").First.WaitForAsync();
        Assert.Equal(missing, await page.Locator("[data-testid=report-missing]").CountAsync());
        await BrowserFixture.ShotAsync(page, "dashboards");
        await page.Context.CloseAsync();
    }
}
