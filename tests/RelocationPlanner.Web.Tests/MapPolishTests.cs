using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The map as a first-time user meets it at 1280x720: fitted to the data, roads over power lines and
/// sites on top, drawing that ends by double click without zooming and by Escape, Cancel or leaving
/// the Edit tab; the hash routes with the back button; the favicon.
/// </summary>
[Collection("web")]
public sealed class MapPolishTests(BrowserFixture fx)
{
    async Task<IPage> OpenAsync(string path = "/")
    {
        var context = await fx.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.Service.BaseUrl + path);
        await page.WaitForSelectorAsync("body[data-ready='1']", new() { Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task The_map_opens_on_every_site_with_roads_over_power_lines_and_sites_on_top_at_1280x720()
    {
        var page = await OpenAsync();
        var fc = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/sites/items?limit=10000");
        var lons = new List<double>(); var lats = new List<double>();
        foreach (var f in fc.GetProperty("features").EnumerateArray()) Collect(f.GetProperty("geometry").GetProperty("coordinates"), lons, lats);
        await page.WaitForFunctionAsync("() => window.rp.map.getView().getZoom() !== 8");
        // Every site is inside the first view (the view is the data's extent, not a fixed zoom).
        var inside = await page.EvaluateAsync<bool>(@"([w, s, e, n]) => {
            const R = 6378137, d = Math.PI / 180, y = (lat) => R * Math.log(Math.tan(Math.PI / 4 + lat * d / 2));
            const x = window.rp.map.getView().calculateExtent();
            return x[0] <= R * w * d && x[1] <= y(s) && x[2] >= R * e * d && x[3] >= y(n);
        }", new object[] { lons.Min(), lats.Min(), lons.Max(), lats.Max() });
        Assert.True(inside);
        var z = await page.EvaluateAsync<JsonElement>("() => Object.fromEntries(window.rp.map.getLayers().getArray().filter(l => l.get('id')).map(l => [l.get('id'), l.getZIndex()]))");
        Assert.True(z.GetProperty("roads").GetInt32() > z.GetProperty("power_lines").GetInt32());
        foreach (var other in new[] { "roads", "power_lines", "wells", "towns", "settlements", "admin_units" })
            Assert.True(z.GetProperty("sites").GetInt32() > z.GetProperty(other).GetInt32(), other);
        // Nothing runs off the screen at 1280x720.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280 && document.documentElement.scrollHeight <= 720"));
        await BrowserFixture.ShotAsync(page, "workspace-map-1280-zh");
        var icon = await fx.Service.Http.GetAsync("/favicon.svg");
        Assert.True(icon.IsSuccessStatusCode);
        Assert.Equal("/favicon.svg", await page.Locator("link[rel=icon]").GetAttributeAsync("href"));
        await page.Context.CloseAsync();
    }

    static void Collect(JsonElement c, List<double> lons, List<double> lats)
    {
        if (c[0].ValueKind == JsonValueKind.Number) { lons.Add(c[0].GetDouble()); lats.Add(c[1].GetDouble()); return; }
        foreach (var x in c.EnumerateArray()) Collect(x, lons, lats);
    }

    [Fact]
    public async Task A_double_click_finishes_a_polygon_without_zooming_and_Escape_Cancel_or_another_tab_end_drawing()
    {
        const double lon = 110.70, lat = 38.45;
        var page = await OpenAsync();
        await BrowserFixture.GoToAsync(page, lon, lat, 13);
        await fx.SignInAsync(page, Roles.Planner);

        // Escape ends the drawing: the hint goes and the drawing interaction leaves the map.
        const string Interactions = "() => window.rp.map.getInteractions().getLength()";
        var idle = await page.EvaluateAsync<int>(Interactions);
        await page.ClickAsync("[data-tool=centralized]");
        Assert.Equal(idle + 1, await page.EvaluateAsync<int>(Interactions));
        await page.Locator("[data-testid=edit-hint]").WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("[data-testid=edit-hint]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        // So does the Cancel button, and so does opening another tab.
        await page.ClickAsync("[data-tool=centralized]");
        await page.ClickAsync("[data-testid=draw-cancel]");
        await page.Locator("[data-testid=edit-hint]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-tool=centralized]");
        await page.ClickAsync("[data-tab=details]");
        await page.ClickAsync("[data-tab=edit]");
        Assert.Equal(0, await page.Locator("[data-testid=edit-hint]").CountAsync());
        Assert.Equal(idle, await page.EvaluateAsync<int>(Interactions));

        // A triangle finished by a double click on its last vertex: the form opens, the zoom stays.
        await page.ClickAsync("[data-tool=centralized]");
        var zoom = await page.EvaluateAsync<double>("() => window.rp.map.getView().getZoom()");
        (double, double)[] ring = [(lon, lat), (lon + 0.01, lat), (lon + 0.01, lat + 0.008)];
        for (var i = 0; i < ring.Length; i++)
        {
            var (x, y) = await BrowserFixture.PixelAsync(page, ring[i].Item1, ring[i].Item2);
            if (i < ring.Length - 1) { await page.Mouse.ClickAsync(x, y); await page.WaitForTimeoutAsync(350); }
            else await page.Mouse.DblClickAsync(x, y);
        }
        await page.WaitForSelectorAsync("[data-testid=feature-form]");
        await page.WaitForTimeoutAsync(600);
        Assert.Equal(zoom, await page.EvaluateAsync<double>("() => window.rp.map.getView().getZoom()"));
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("[data-testid=feature-form]", new() { State = WaitForSelectorState.Detached });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_back_button_returns_to_the_previous_screen_and_a_viewer_is_told_why_the_registry_is_closed()
    {
        var page = await OpenAsync("/#/reports");
        await page.ClickAsync("[data-nav=households]");
        await page.Locator("[data-page=households][data-ready='1']").WaitForAsync();
        // Not signed in as an officer: the reason, not an empty table.
        Assert.Contains("搬迁专员", await page.Locator("[data-testid=registry-forbidden]").InnerTextAsync());
        await page.GoBackAsync();
        await page.Locator("[data-page=reports][data-ready='1']").WaitForAsync();
        await page.ClickAsync("[data-nav=map]");
        await page.Locator("#map canvas").First.WaitForAsync();
        Assert.True(await page.Locator("#page").IsHiddenAsync());
        await page.GoBackAsync();
        await page.Locator("[data-page=reports][data-ready='1']").WaitForAsync();
        Assert.True(await page.Locator("#layout").IsHiddenAsync());
        await page.Context.CloseAsync();
    }
}
