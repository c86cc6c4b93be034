using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Web.Tests;

/// <summary>The map client in a real headless Chromium against the real service with the demo data.</summary>
[Collection("web")]
public sealed class MapClientTests(BrowserFixture fx)
{
    static readonly string[] EnglishTitles = ["Sites", "Towns", "Wells", "Settlements", "Roads", "Power lines", "Admin units"];
    static readonly string[] ChineseTitles = ["安置点", "城镇", "水井", "居民点 (迁出村)", "道路", "电力线路", "行政区划"];

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
        await fx.SignInAsync(page, Roles.Planner);
        StringAssert(await page.Locator("[data-testid=signed-in-as]").InnerTextAsync(), "(planner)");
        Assert.Contains("Sites", await page.Locator("[data-testid=may-edit]").InnerTextAsync());
        Assert.True(await page.Locator("[data-tool=roads]").IsDisabledAsync());
        await page.ClickAsync("[data-tool=centralized]");
        return page;
    }

    static void StringAssert(string text, string part) => Assert.Contains(part, text);

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
    public async Task A_bad_token_is_refused_at_the_prompt_and_the_map_stays_read_only()
    {
        var page = await fx.OpenMapAsync("en-US");
        // The Edit tab points to the header's sign-in dialog.
        await page.ClickAsync("[data-tab=edit]");
        await page.ClickAsync("[data-testid=edit-sign-in]");
        await page.FillAsync("[data-testid=token]", "rp_not-a-real-token-at-all-0000000000000000000");
        await page.ClickAsync("[data-testid=sign-in]");
        var error = page.Locator("[data-testid=token-error]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=token-error]').textContent.length > 0");
        Assert.Contains("The token was not accepted", await error.InnerTextAsync());
        Assert.Equal("read-only", await page.Locator("[data-testid=auth-state]").InnerTextAsync());
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('rp.token')"));
        Assert.Equal(0, await page.Locator("[data-tool]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_engineer_may_draw_roads_but_is_told_clearly_that_sites_are_not_theirs()
    {
        var site = (await SitesAsync()).First(f => f.GetProperty("properties").GetProperty("site_type").GetString() == "centralized");
        var ring = site.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToArray()[..^1];
        double lon = ring.Average(c => c[0].GetDouble()), lat = ring.Average(c => c[1].GetDouble());

        var page = await fx.OpenMapAsync("en-US");
        await BrowserFixture.GoToAsync(page, lon, lat, 15);
        await fx.SignInAsync(page, Roles.Engineer);
        // The token is kept for the session (sessionStorage) and survives a reload.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready='1']");
        await page.ClickAsync("[data-tab=edit]");
        StringAssert(await page.Locator("[data-testid=signed-in-as]").InnerTextAsync(), "(engineer)");
        Assert.False(await page.Locator("[data-tool=roads]").IsDisabledAsync());
        var siteTool = page.Locator("[data-tool=centralized]");
        Assert.True(await siteTool.IsDisabledAsync());
        Assert.Equal("Your role (engineer) may not edit sites.", await siteTool.GetAttributeAsync("title"));

        await BrowserFixture.GoToAsync(page, lon, lat, 15);
        await page.ClickAsync("[data-tool=modify]");
        var (x, y) = await BrowserFixture.PixelAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        var refused = page.Locator("[data-testid=edit-refused]");
        await refused.WaitForAsync();
        Assert.Equal("Your role (engineer) may not edit sites.", await refused.InnerTextAsync());
        await BrowserFixture.ShotAsync(page, "engineer-refused-site");
        await page.Context.CloseAsync();
    }
}
