using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RelocationPlanner.Data.Map;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The printed wall map's site labels, measured as Chromium lays them out with the real CJK font
/// (the page the service prints to PDF, opened in the test's browser): on every banner of the demo,
/// the densest included, no two site labels overlap.
/// </summary>
[Collection("web")]
public sealed class WallMapLabelTests(BrowserFixture fx)
{
    [Fact]
    public async Task Site_labels_on_every_banners_wall_map_never_overlap_as_chromium_draws_them()
    {
        var units = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/admin_units/items?limit=10000");
        var counties = units.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("level").GetString() == "county").Select(p => p.GetProperty("code").GetString()!).Order().ToList();
        Assert.True(counties.Count >= 8);
        await using var db = Data.Database.CreateDataSource(fx.Service.ConnectionString, "web-tests");
        var context = await fx.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var labelled = new Dictionary<string, (int Labels, int Sites)>();
        foreach (var code in counties)
        {
            var items = await WallMap.ReadAsync(db, code, CancellationToken.None);
            await page.SetContentAsync(WallMap.Render(items, "A3", "zh", new DateOnly(2026, 11, 30)));
            await page.EvaluateAsync("() => document.fonts.ready");
            // A label's box: the advance width Chromium measured, and the em square its CJK glyphs fill
            // (0.88 em above the baseline, 0.12 below); getBBox's own height is the font's whole line.
            var boxes = await page.EvaluateAsync<double[][]>(@"() => [...document.querySelectorAll('svg text.site-label')].map(t => {
                const b = t.getBBox(), size = Number(t.getAttribute('font-size')), y = Number(t.getAttribute('y'));
                return [b.x, y - 0.88 * size, b.width, size];
            })");
            for (var i = 0; i < boxes.Length; i++)
                for (var j = i + 1; j < boxes.Length; j++)
                {
                    var (a, b) = (boxes[i], boxes[j]);
                    var overlap = a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
                    Assert.False(overlap, $"{code}: labels {i} and {j} overlap ({string.Join(',', a.Select(F))} / {string.Join(',', b.Select(F))})");
                }
            labelled[code] = (boxes.Length, items.Count(x => x.Layer == "site"));
        }
        // Not vacuous: most sites are labelled, and the banner with the most sites keeps most of its labels.
        Assert.True(labelled.Values.Sum(v => v.Labels) >= labelled.Values.Sum(v => v.Sites) * 0.6, string.Join("; ", labelled.Select(kv => $"{kv.Key} {kv.Value}")));
        var densest = labelled.MaxBy(kv => kv.Value.Sites);
        Assert.True(densest.Value.Labels >= densest.Value.Sites / 2, $"{densest.Key}: {densest.Value}");
        await context.CloseAsync();
    }

    static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
