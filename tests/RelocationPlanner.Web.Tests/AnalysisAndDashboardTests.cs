using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The planner's analysis in the browser against the real endpoints with the demo data: a site's
/// score with its lines to the nearest features, comparing sites, the suitability surface, the
/// dashboards (clicking a unit zooms) and the rescoring job's progress bar.
/// </summary>
[Collection("web")]
public sealed class AnalysisAndDashboardTests(BrowserFixture fx)
{
    static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    async Task<JsonElement[]> DemoSitesAsync()
    {
        var fc = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/sites/items?limit=10000");
        return [.. fc.GetProperty("features").EnumerateArray().Where(f =>
            f.GetProperty("properties").GetProperty("site_type").GetString() == "centralized"
            && f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith('S'))];
    }

    static (double Lon, double Lat) Centre(JsonElement site)
    {
        var ring = site.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToArray()[..^1];
        return (ring.Average(c => c[0].GetDouble()), ring.Average(c => c[1].GetDouble()));
    }

    async Task ClickSiteAsync(IPage page, JsonElement site)
    {
        var (lon, lat) = Centre(site);
        await BrowserFixture.GoToAsync(page, lon, lat, 15);
        var (x, y) = await BrowserFixture.PixelAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        // The details pane may still show the previous site: wait for this one's name.
        var name = site.GetProperty("properties").GetProperty("name").GetString()!;
        await page.Locator("[data-testid=details] .feature-name", new() { HasText = name }).WaitForAsync();
    }

    [Fact]
    public async Task Clicking_a_site_shows_its_score_breakdown_and_lines_to_the_nearest_features_and_sites_compare_side_by_side()
    {
        var sites = await DemoSitesAsync();
        var (first, second) = (sites[0], sites[1]);
        var id = first.GetProperty("id").GetInt64();
        var api = await fx.Service.Http.GetFromJsonAsync<JsonElement>($"/api/sites/{id}/score");
        var result = api.GetProperty("result");

        var page = await fx.OpenMapAsync("en-US");
        await ClickSiteAsync(page, first);
        var breakdown = page.Locator("[data-testid=score] table.breakdown");
        await breakdown.WaitForAsync();
        Assert.Equal(first.GetProperty("properties").GetProperty("code").GetString(), await page.Locator("td[data-prop=code]").InnerTextAsync());
        // The total and every criterion as the API scored them.
        Assert.Equal(result.GetProperty("score").GetDouble().ToString("#,0.#", EnGb), await page.Locator("[data-testid=score-value]").InnerTextAsync());
        string[] criteria = [.. result.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("criterion").GetString()!)];
        Assert.Equal(["road", "water", "power", "town"], criteria);
        Assert.Equal(criteria, await breakdown.Locator("tr[data-criterion]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.criterion)"));
        var water = result.GetProperty("nearest").EnumerateArray().Single(n => n.GetProperty("criterion").GetString() == "water");
        Assert.Contains(water.GetProperty("code").GetString()!, await breakdown.Locator("tr[data-criterion=water]").InnerTextAsync());

        // One line per nearest feature on the map, from the site to the feature, labelled by the distance.
        var lines = await page.EvaluateAsync<JsonElement>(@"() => window.rp.map.getLayers().getArray().find(l => l.get('id') === 'score_lines')
            .getSource().getFeatures().map(f => ({ criterion: f.get('criterion'), code: f.get('code'), d: f.get('distance_m'), n: f.getGeometry().getCoordinates().length }))");
        Assert.Equal(result.GetProperty("nearest").GetArrayLength(), lines.GetArrayLength());
        Assert.True(lines.GetArrayLength() >= 4, "road, water, power and town lines");
        Assert.All(lines.EnumerateArray(), l => Assert.Equal(2, l.GetProperty("n").GetInt32()));
        Assert.Contains(lines.EnumerateArray(), l => l.GetProperty("code").GetString() == water.GetProperty("code").GetString()
            && Math.Abs(l.GetProperty("d").GetDouble() - water.GetProperty("distance_m").GetDouble()) < 0.01);
        await page.WaitForTimeoutAsync(600); // the view fits the lines
        await BrowserFixture.ShotAsync(page, "site-score-lines");

        // Two sites side by side.
        await page.ClickAsync("[data-testid=compare]");
        await page.Locator("[data-testid=compare-table]").WaitForAsync();
        await ClickSiteAsync(page, second);
        await page.Locator("[data-testid=score] table.breakdown").WaitForAsync();
        await page.ClickAsync("[data-testid=compare]");
        var table = page.Locator("[data-testid=compare-table]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=compare-table] tr:first-child td').length === 2");
        var names = await table.Locator("tr").First.Locator("td").AllInnerTextsAsync();
        Assert.Equal([first.GetProperty("properties").GetProperty("name").GetString()!, second.GetProperty("properties").GetProperty("name").GetString()!], names);
        await BrowserFixture.ShotAsync(page, "site-compare");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_suitability_surface_covers_the_view_within_the_cell_limit_and_toggles_off()
    {
        var page = await fx.OpenMapAsync("en-US");
        await BrowserFixture.GoToAsync(page, 109.8, 39.6, 10);
        await page.CheckAsync("[data-testid=surface-toggle]");
        await page.Locator("[data-testid=surface-status][data-state=ready]").WaitForAsync(new() { Timeout = 60_000 });
        var cells = await page.EvaluateAsync<int>("() => window.rp.surface.grid.scores.length");
        Assert.InRange(cells, 2000, 200_000);
        Assert.Contains($"{cells.ToString("#,0", EnGb)} cells", await page.Locator("[data-testid=surface-status]").InnerTextAsync());
        // Cells are scored 0..100 and the legend reads.
        var scores = await page.EvaluateAsync<double[]>("() => window.rp.surface.grid.scores");
        Assert.All(scores, s => Assert.InRange(s, 0, 100));
        Assert.True(scores.Distinct().Count() > 3, "the surface varies over the view");
        // The painted grid is the right way round: the cell under the centre of every 37th polygon
        // of the same request as GeoJSON has that polygon's score (or is excluded with it).
        var mismatches = await page.EvaluateAsync<string[]>("""
            async () => {
              const s = window.rp.surface;
              const fc = await (await fetch(s.url.replace('format=grid', 'format=geojson'))).json();
              const bad = [];
              fc.features.forEach((f, i) => {
                if (i % 37) return;
                const ring = f.geometry.coordinates[0];
                const lon = (ring[0][0] + ring[2][0]) / 2, lat = (ring[0][1] + ring[2][1]) / 2;
                const got = s.scoreAt(lon, lat), want = f.properties.excluded ? NaN : f.properties.score;
                if (!(Object.is(got, want) || got === want)) bad.push(`${lon},${lat}: grid ${got}, geojson ${want}`);
              });
              return fc.features.length === s.grid.scores.length ? bad : ['cell counts differ'];
            }
            """);
        Assert.Empty(mismatches);
        // The painted grid is the layer's image.
        Assert.True(await page.EvaluateAsync<bool>("() => window.rp.surface.layer.getSource() !== null"));
        Assert.Equal(6, await page.Locator("[data-testid=surface-legend] li").CountAsync());
        await page.WaitForTimeoutAsync(300);
        await BrowserFixture.ShotAsync(page, "surface-on");

        // Zoomed right out the cell grows so the grid stays within the server's limit.
        await BrowserFixture.GoToAsync(page, 105, 36, 5);
        await page.Locator("[data-testid=surface-status][data-state=ready]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.InRange(await page.EvaluateAsync<int>("() => window.rp.surface.grid.scores.length"), 100, 200_000);

        await page.UncheckAsync("[data-testid=surface-toggle]");
        Assert.False(await page.EvaluateAsync<bool>("() => window.rp.surface.layer.getVisible()"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.rp.surface.grid === null && window.rp.surface.layer.getSource() === null"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboards_show_the_real_figures_and_clicking_a_unit_zooms_the_map_to_it()
    {
        var report = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/api/reports/infrastructure?level=county");
        var row = report.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("unit_name").GetString() == "东胜区");
        var code = row.GetProperty("unit_code").GetString()!;
        var km = row.GetProperty("road_km").GetDouble().ToString("N1", EnGb);
        // Households in that county (the demo has none), so the settled-rate dashboard draws figures.
        var csv = new StringContent($"""
            {RelocationPlanner.Core.Registry.HouseholdCsv.HeaderLine}
            HWEB{code}01,甲,3,{code},,,separate_self_built,2016-03-01,2016-09-01,2016-10-01
            HWEB{code}02,乙,2,{code},,,separate_self_built,2016-03-01,2016-09-01,
            HWEB{code}03,丙,4,{code},,,separate_purchased,2016-03-01,,

            """, System.Text.Encoding.UTF8, "text/csv");
        (await fx.Service.Http.PostAsync("/api/households/import", csv)).EnsureSuccessStatusCode();
        var settled = (await fx.Service.Http.GetFromJsonAsync<JsonElement>("/api/reports/settled-rates?level=county"))
            .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit_code").GetString() == code);

        var page = await fx.OpenMapAsync("en-US");
        await page.ClickAsync("[data-tab=dashboards]");
        var infra = page.Locator("[data-report=infra_by_unit][data-loaded='1']");
        await infra.WaitForAsync();
        Assert.True(await infra.Locator("canvas").CountAsync() > 0, "a chart");
        var first = infra.Locator($"tr[data-unit='{code}']").First;
        var text = await first.InnerTextAsync();
        Assert.Contains("东胜区", text);
        Assert.Contains(km, text);
        // The settled rates of that county as the API counts them: households, moved in, deemed settled.
        var rates = page.Locator("[data-report=settled_rates][data-loaded='1']");
        await rates.WaitForAsync();
        Assert.True(await rates.Locator("canvas").CountAsync() > 0, "a chart");
        var cells = await rates.Locator($"tr[data-unit='{code}'] td").AllInnerTextsAsync();
        static string Percent(double v) => (v * 100).ToString("0.#", EnGb) + "%";
        Assert.Equal(["东胜区", settled.GetProperty("households").GetInt32().ToString(EnGb), settled.GetProperty("people").GetInt32().ToString(EnGb),
            Percent(settled.GetProperty("moved_in_rate").GetDouble()), Percent(settled.GetProperty("deemed_settled_rate").GetDouble())], cells);
        // The column headings are the words of the XLSX/PDF downloads (TableLabels, published at /api/reports/labels), not the screen's own.
        var labels = (await fx.Service.Http.GetFromJsonAsync<JsonElement>("/api/reports/labels")).GetProperty("columns");
        var heads = await rates.Locator("table.report tr").First.Locator("th").AllInnerTextsAsync();
        Assert.Equal(new[] { "households", "people", "moved_in_rate", "deemed_settled_rate" }.Select(c => labels.GetProperty(c).GetProperty("en").GetString()!), heads.Skip(1));
        Assert.Equal("Deemed-settled rate", heads[4]);
        // The demo's three households there, and any a browser test sharing the service has added since.
        Assert.True(settled.GetProperty("households").GetInt32() >= 3);
        // Subsidies: figures per unit when a policy applies, else a clear "no data".
        var subsidyRows = (await fx.Service.Http.GetFromJsonAsync<JsonElement>("/api/reports/subsidies?level=county")).GetProperty("rows").GetArrayLength();
        var subsidies = page.Locator("[data-report=subsidies]");
        if (subsidyRows == 0) await subsidies.Locator("[data-testid=report-empty]").WaitForAsync();
        else await subsidies.Locator("table.report").WaitForAsync();
        await BrowserFixture.ShotAsync(page, "dashboards");

        var before = await page.EvaluateAsync<double[]>("() => window.rp.map.getView().calculateExtent()");
        await first.ClickAsync();
        var unit = await fx.Service.Http.GetFromJsonAsync<JsonElement>($"/api/map/units/{code}");
        var b = unit.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // The view ends up containing the unit's extent, and it changed to get there.
        await page.WaitForFunctionAsync(@"([w, s, e, n]) => {
            const R = 6378137, d = Math.PI / 180, y = (lat) => R * Math.log(Math.tan(Math.PI / 4 + lat * d / 2));
            const v = window.rp.map.getView();
            if (v.getAnimating()) return false;
            const x = v.calculateExtent();
            return x[0] <= R * w * d && x[1] <= y(s) && x[2] >= R * e * d && x[3] >= y(n);
        }", b);
        var after = await page.EvaluateAsync<double[]>("() => window.rp.map.getView().calculateExtent()");
        Assert.NotEqual(before, after);
        await BrowserFixture.ShotAsync(page, "dashboards-zoomed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_opens_the_job_dashboard_from_the_edit_tab_and_others_are_not_offered_it()
    {
        var page = await fx.OpenMapAsync("en-US");
        await fx.SignInAsync(page, Roles.Admin);
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=job-dashboard]"));
        await popup.WaitForURLAsync("**/hangfire");
        await popup.WaitForLoadStateAsync();
        Assert.Contains("RelocationPlanner jobs", await popup.TitleAsync());
        await popup.ClickAsync("a[href$='/hangfire/recurring']");
        Assert.Contains("scoring.rescore-check", await popup.ContentAsync());
        // The session is a cookie no script can read, and only the dashboard receives it.
        Assert.Equal("", await popup.EvaluateAsync<string>("() => document.cookie"));
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "rp_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/hangfire", cookie.Path);
        await BrowserFixture.ShotAsync(popup, "job-dashboard");
        await page.Context.CloseAsync();

        var planner = await fx.OpenMapAsync("en-US");
        await fx.SignInAsync(planner, Roles.Planner);
        Assert.Equal(0, await planner.Locator("[data-testid=job-dashboard]").CountAsync());
        await planner.Context.CloseAsync();
    }

    [Fact]
    public async Task A_planner_rescoring_all_sites_sees_the_progress_bar_reach_100_percent()
    {
        var page = await fx.OpenMapAsync("en-US");
        await fx.SignInAsync(page, Roles.Planner);
        await page.ClickAsync("[data-testid=rescore]");
        var job = page.Locator(".jobs .job").Last;
        await job.WaitForAsync();
        await page.Locator(".jobs .job[data-status=succeeded]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(1.0, await page.EvaluateAsync<double>("() => document.querySelector('.jobs .job[data-status=succeeded] progress').value"));
        var label = await page.Locator(".jobs .job[data-status=succeeded] [data-testid=job-label]").InnerTextAsync();
        Assert.Contains("sites scored", label);
        Assert.Contains("100%", label.Replace(" ", ""));
        var id = await job.GetAttributeAsync("data-job");
        var api = await fx.Service.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("succeeded", api.GetProperty("status").GetString());
        Assert.Equal(1.0, api.GetProperty("progress").GetDouble());
        Assert.Contains(api.GetProperty("result").GetProperty("site_count").GetInt32().ToString(EnGb), label);
        await BrowserFixture.ShotAsync(page, "rescore-done");
        await page.Context.CloseAsync();

        // A viewer is not offered the button, and the endpoint refuses them.
        var viewer = await fx.CreateTokenAsync(Roles.Viewer);
        using var c = new HttpClient { BaseAddress = new Uri(fx.Service.BaseUrl) };
        c.DefaultRequestHeaders.Authorization = new("Bearer", viewer);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await c.PostAsync("/api/scoring/runs", null)).StatusCode);
    }
}
