using System.Net.Http.Json;
using System.Text.Json;

namespace RelocationPlanner.Web.Tests;

/// <summary>The site page (#/sites/{code}) against the demo data, in both languages.</summary>
[Collection("web")]
public sealed class SitePageTests(BrowserFixture fx)
{
    [Fact]
    public async Task A_site_page_shows_the_site_on_its_map_with_the_lines_to_its_nearest_features_and_its_households()
    {
        var fc = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/sites/items?limit=10000");
        var site = fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Last(p => p.GetProperty("site_type").GetString() == "centralized");
        var code = site.GetProperty("code").GetString()!;
        var page = await fx.OpenMapAsync("zh-CN", $"/#/sites/{code}");
        await page.Locator("[data-page=site][data-ready='1']").WaitForAsync();
        await page.Locator("[data-testid=site-map][data-ready='1']").WaitForAsync();
        Assert.Contains(site.GetProperty("name").GetString()!, await page.Locator("h2").InnerTextAsync());
        // The site itself and its score's lines are on the small map; the score table beside it.
        var counts = await page.EvaluateAsync<JsonElement>("() => Object.fromEntries(window.rpSiteMap.getLayers().getArray().map(l => [l.get('id') ?? 'score_lines', l.getSource().getFeatures().length]))");
        Assert.True(counts.GetProperty("sites").GetInt32() >= 1);
        Assert.True(counts.GetProperty("score_lines").GetInt32() >= 1);
        Assert.InRange(counts.GetProperty("score_lines").GetInt32(), 1, await page.Locator("[data-testid=site-score] tr[data-criterion]").CountAsync());
        await page.Locator("[data-testid=project-card][data-loaded='1']").WaitForAsync();
        await BrowserFixture.ShotAsync(page, "workspace-site-zh");
        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-page=site][data-ready='1'] [data-testid=site-map][data-ready='1']").WaitForAsync();
        Assert.Contains("Score", await page.Locator("[data-testid=site-score]").InnerTextAsync());
        await BrowserFixture.ShotAsync(page, "workspace-site-en");
        await page.Context.CloseAsync();
    }
}
