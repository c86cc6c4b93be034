using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The field app at /field/ in a phone-sized headless Chromium against the real service: a work
/// package downloaded, three visits recorded with the browser context offline (photos drawn on
/// a canvas in the page, positions from the geolocation override), the app reloaded offline with
/// its queue intact, then synced, the visits read back through the API, and a change made on the
/// server meanwhile shown as a conflict.
/// </summary>
[Collection("web")]
public sealed class FieldAppTests(BrowserFixture fx)
{
    static readonly string[] Codes = ["FLD01", "FLD02", "FLD03", "FLD04"];

    internal static async Task Ok(HttpResponseMessage r)
    {
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>A centralized demo site no other browser test uses, its county and centre; the households registered on it.</summary>
    internal static async Task<(string Site, string County, double Lon, double Lat)> SeedAsync(BrowserFixture fx, int siteIndex, string[] codes)
    {
        var fc = await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/sites/items?limit=10000");
        var site = fc.GetProperty("features").EnumerateArray().Where(f =>
            f.GetProperty("properties").GetProperty("site_type").GetString() == "centralized"
            && f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith('S')).ElementAt(siteIndex);
        var code = site.GetProperty("properties").GetProperty("code").GetString()!;
        var ring = site.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToArray()[..^1];
        var county = code[1..7];
        await Ok(await fx.Service.Http.PostAsync("/api/households/import", new StringContent(
            RelocationPlanner.Core.Registry.HouseholdCsv.HeaderLine + "\n" + string.Join("\n", codes.Select((c, i) =>
                $"{c},外业{i + 1},{i + 2},{county},,{code},centralized,2016-03-01,,")) + "\n", System.Text.Encoding.UTF8, "text/csv")));
        return (code, county, ring.Average(c => c[0].GetDouble()), ring.Average(c => c[1].GetDouble()));
    }

    async Task<(IBrowserContext Context, IPage Page)> OpenFieldAsync(double lon, double lat)
    {
        var context = await fx.Browser.NewContextAsync(new()
        {
            Locale = "zh-CN",
            ViewportSize = new() { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Permissions = ["geolocation"],
            Geolocation = new() { Longitude = (float)lon, Latitude = (float)lat, Accuracy = 8 },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") Console.WriteLine("field app: " + m.Text); };
        await page.GotoAsync(fx.Service.BaseUrl + "/field/");
        await page.WaitForSelectorAsync("body[data-ready='1']", new() { Timeout = 30_000 });
        return (context, page);
    }

    /// <summary>A JPEG drawn on a canvas in the page (a phone's camera stands in): its bytes.</summary>
    internal static async Task<byte[]> PhotoAsync(IPage page, int width, int height, string label)
    {
        var b64 = await page.EvaluateAsync<string>(@"([w, h, label]) => {
            const c = document.createElement('canvas'); c.width = w; c.height = h;
            const g = c.getContext('2d');
            // Noise, so a large photo stays large as a JPEG (a flat colour would compress to nothing).
            const img = g.createImageData(w, h);
            for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 2654435761 >>> 24) ^ (i & 0xff);
            g.putImageData(img, 0, 0);
            g.fillStyle = '#fff'; g.font = `${Math.round(h / 8)}px sans-serif`; g.fillText(label, 20, h / 2);
            return c.toDataURL('image/jpeg', 0.95).split(',')[1];
        }", new object[] { width, height, label });
        return Convert.FromBase64String(b64);
    }

    static async Task RecordVisitAsync(IPage page, IBrowserContext context, string code, double lon, double lat, byte[] photo, string? shot = null)
    {
        await context.SetGeolocationAsync(new() { Longitude = (float)lon, Latitude = (float)lat, Accuracy = 8 });
        await page.ClickAsync("[data-nav=households]");
        await page.FillAsync("[data-testid=search]", code);
        await page.ClickAsync($"[data-testid=households] li[data-code={code}]");
        var form = page.Locator("[data-testid=record-form]");
        await form.Locator("[data-testid=step]").SelectOptionAsync("keys_claimed");
        await form.Locator("[data-testid=date]").FillAsync("2017-07-30");
        await form.Locator("[data-testid=photo]").SetInputFilesAsync(new FilePayload { Name = $"{code}.jpg", MimeType = "image/jpeg", Buffer = photo });
        await form.Locator("[data-testid=photo-count][data-count='1']").WaitForAsync();
        // The position the phone reports now (the override moved between visits).
        await page.WaitForFunctionAsync("([lon, lat]) => { const p = document.querySelector('[data-testid=record-form] [data-testid=position]'); return p && Math.abs(p.dataset.lon - lon) < 1e-9 && Math.abs(p.dataset.lat - lat) < 1e-9; }",
            new object[] { lon, lat });
        if (shot is not null) await BrowserFixture.ShotAsync(page, shot);
        await form.Locator("[data-testid=save-record]").ClickAsync();
        await page.Locator("[data-testid=pending] li[data-state=waiting]").WaitForAsync();
    }

    static async Task SignInAndDownloadAsync(IPage page, string token, string mode, string value)
    {
        await page.FillAsync("[data-testid=token]", token);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.Locator("[data-testid=package-mode]").SelectOptionAsync(mode);
        await page.FillAsync("[data-testid=package-value]", value);
        await page.ClickAsync("[data-testid=download]");
    }

    [Fact]
    public async Task An_inspection_sample_is_worked_from_its_package_and_its_results_reach_the_inspection()
    {
        string[] codes = ["INS01", "INS02", "INS03"];
        var (_, county, lon, lat) = await SeedAsync(fx, 7, codes);
        var http = fx.Service.Http;
        // A sample of the site's county drawn by an admin; the officer's package is made from it.
        var drawn = await http.PostAsJsonAsync("/api/inspections", new { unit_code = county, households = 2, stratify_by = (string?)null, seed = 20261130 });
        await Ok(drawn);
        var inspection = await drawn.Content.ReadFromJsonAsync<JsonElement>();
        var sample = inspection.GetProperty("households").EnumerateArray().Select(x => x.GetString()!).ToArray();
        Assert.Equal(2, sample.Length);

        var (context, page) = await OpenFieldAsync(lon, lat);
        await SignInAndDownloadAsync(page, await fx.CreateTokenAsync(Roles.RelocationOfficer), "inspection", inspection.GetProperty("id").GetInt32().ToString());
        await page.Locator("[data-testid=household-count]", new() { HasText = "共 2 户" }).WaitForAsync();
        Assert.Equal(sample.Order(), await page.Locator("[data-testid=households] li").EvaluateAllAsync<string[]>("l => l.map(x => x.dataset.code).sort()"));

        // The first verified, the second a discrepancy: moved_in is not true.
        await page.ClickAsync($"[data-testid=households] li[data-code={sample[0]}]");
        await page.ClickAsync("[data-testid=save-result]");
        await page.Locator("[data-testid=pending] li[data-state=waiting]").WaitForAsync();
        await page.ClickAsync("[data-nav=households]");
        await page.ClickAsync($"[data-testid=households] li[data-code={sample[1]}]");
        var form = page.Locator("[data-testid=inspection-form]");
        await form.Locator("[data-testid=outcome-discrepancy]").CheckAsync();
        await form.Locator("[data-testid=fields-at-fault] input[value=moved_in]").CheckAsync();
        await form.Locator("[data-testid=note]").FillAsync("无人居住");
        await form.Locator("[data-testid=photo]").SetInputFilesAsync(new FilePayload { Name = "empty.jpg", MimeType = "image/jpeg", Buffer = await PhotoAsync(page, 640, 480, "empty") });
        await form.Locator("[data-testid=photo-count][data-count='1']").WaitForAsync();
        await BrowserFixture.ShotAsync(page, "field-inspection-zh");
        await form.Locator("[data-testid=save-result]").ClickAsync();
        await page.Locator("[data-testid=pending] li[data-state=waiting]").WaitForAsync();

        await page.ClickAsync("[data-nav=queue]");
        await page.ClickAsync("[data-testid=sync]");
        await page.Locator("[data-testid=queue-summary][data-waiting='0'][data-sent='2']").WaitForAsync(new() { Timeout = 60_000 });
        var results = (await http.GetFromJsonAsync<JsonElement>($"/api/inspections/{inspection.GetProperty("id").GetInt32()}")).GetProperty("results")
            .EnumerateArray().ToDictionary(r => r.GetProperty("household_code").GetString()!);
        Assert.Equal("verified", results[sample[0]].GetProperty("outcome").GetString());
        Assert.Equal("discrepancy", results[sample[1]].GetProperty("outcome").GetString());
        Assert.Equal(["moved_in"], results[sample[1]].GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToArray());
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>($"/api/households/{sample[1]}/evidence")).GetProperty("evidence").GetArrayLength());
        await context.CloseAsync();
    }

    [Fact]
    public async Task Visits_recorded_offline_survive_a_reload_and_sync_with_a_conflict_kept()
    {
        // Installable: its manifest, and the phone's position allowed for the field app alone.
        var shell = await fx.Service.Http.GetAsync("/field/");
        Assert.Contains("geolocation=(self)", shell.Headers.GetValues("Permissions-Policy").Single());
        Assert.Contains("geolocation=()", (await fx.Service.Http.GetAsync("/")).Headers.GetValues("Permissions-Policy").Single());
        var manifest = await fx.Service.Http.GetAsync("/field/manifest.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/field/", (await manifest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("start_url").GetString());
        Assert.Contains("no-cache", (await fx.Service.Http.GetAsync("/field-sw.js")).Headers.CacheControl!.ToString());

        var (site, _, lon, lat) = await SeedAsync(fx, 5, Codes);
        var officer = await fx.CreateTokenAsync(Roles.RelocationOfficer);
        var (context, page) = await OpenFieldAsync(lon, lat);

        // Sign in and download the site's package while online.
        await SignInAndDownloadAsync(page, officer, "sites", site);
        await page.Locator("[data-testid=household-count]", new() { HasText = "共 4 户" }).WaitForAsync();
        Assert.Equal(Codes, await page.Locator("[data-testid=households] li").EvaluateAllAsync<string[]>("l => l.map(x => x.dataset.code).sort()"));
        // The service worker has precached the app before the network goes.
        await page.WaitForSelectorAsync("body[data-sw='1']", new() { Timeout = 30_000 });
        await BrowserFixture.ShotAsync(page, "field-households-zh");

        await context.SetOfflineAsync(true);
        Assert.False(await page.EvaluateAsync<bool>("() => navigator.onLine"));
        await page.Locator("[data-testid=net]", new() { HasText = "离线" }).WaitForAsync();
        var small = await PhotoAsync(page, 800, 600, "old house");
        // The third visit's photo is large: the phone compresses it before it is queued.
        var large = await PhotoAsync(page, 3600, 2700, "new house");
        Assert.True(large.Length > 1_500_000, $"the large test photo is {large.Length} bytes");
        // The geolocation override passes single-precision numbers, as their shortest text: five
        // decimals (about a metre) survive it exactly.
        static double F(double v) => Math.Round(v, 5);
        var positions = new[] { (F(lon + 0.0004), F(lat + 0.0003)), (F(lon - 0.0005), F(lat + 0.0002)), (F(lon + 0.0002), F(lat - 0.0004)) };
        for (var i = 0; i < 3; i++)
            await RecordVisitAsync(page, context, Codes[i], positions[i].Item1, positions[i].Item2, i == 2 ? large : small, i == 0 ? "field-household-zh" : null);

        // Closed and opened again with no network: the shell from the service worker, the queue from IndexedDB.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready='1']", new() { Timeout = 30_000 });
        await page.ClickAsync("[data-nav=queue]");
        var summary = page.Locator("[data-testid=queue-summary]");
        Assert.Equal("3", await summary.GetAttributeAsync("data-waiting"));
        Assert.Equal(3, await page.Locator("[data-testid=queue] li[data-state=waiting]").CountAsync());
        await BrowserFixture.ShotAsync(page, "field-queue-offline-zh");
        await page.ClickAsync("[data-nav=map]");
        await page.Locator("[data-testid=map] canvas").WaitForAsync();
        await page.WaitForTimeoutAsync(500);
        await BrowserFixture.ShotAsync(page, "field-map-zh");

        // Meanwhile, in the office: FLD03's keys were recorded with another date.
        await Ok(await fx.Service.Http.PostAsJsonAsync($"/api/households/{Codes[2]}/milestones", new { milestone = "keys_claimed", date = "2017-08-15" }));

        await context.SetOfflineAsync(false);
        await page.ClickAsync("[data-nav=queue]");
        await page.ClickAsync("[data-testid=sync]");
        await page.Locator("[data-testid=queue-summary][data-waiting='0'][data-sent='2'][data-conflict='1']").WaitForAsync(new() { Timeout = 60_000 });
        var conflict = page.Locator($"[data-testid=queue] li[data-state=conflict][data-code={Codes[2]}]");
        Assert.Contains("2017", await conflict.Locator("[data-testid=conflict-server]").InnerTextAsync());
        await BrowserFixture.ShotAsync(page, "field-queue-synced-zh");

        // On the server: the two applied visits with their photos and positions, once each.
        var http = fx.Service.Http;
        for (var i = 0; i < 2; i++)
        {
            var h = await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[i]}");
            Assert.Contains("2017-07-30", h.GetRawText());
            var ev = (await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[i]}/evidence")).GetProperty("evidence");
            Assert.Equal(1, ev.GetArrayLength());
            Assert.Equal(positions[i].Item1, ev[0].GetProperty("lon").GetDouble(), 1e-7);
            Assert.Equal(positions[i].Item2, ev[0].GetProperty("lat").GetDouble(), 1e-7);
            Assert.Equal(8, ev[0].GetProperty("accuracy_m").GetDouble(), 1e-6);
            Assert.Equal("keys_claimed", ev[0].GetProperty("step").GetString());
        }
        // The conflict is kept for an officer with what the field sent; the server's date stands.
        var third = (await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[2]}/evidence")).GetProperty("evidence");
        Assert.Equal(1, third.GetArrayLength());
        Assert.True(third[0].GetProperty("width").GetInt32() <= 2048, "the large photo was compressed on the phone");
        var conflicts = (await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[2]}/conflicts")).GetProperty("conflicts");
        Assert.Equal(1, conflicts.GetArrayLength());
        Assert.Equal("open", conflicts[0].GetProperty("status").GetString());
        Assert.Equal("2017-07-30", conflicts[0].GetProperty("change").GetProperty("date").GetString());
        Assert.Contains("2017-08-15", (await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[2]}")).GetRawText());

        // Sending again stores nothing twice (the same Idempotency-Keys): force every change back to waiting.
        await page.EvaluateAsync(@"async () => {
            const req = indexedDB.open('rp-field');
            const db = await new Promise(r => { req.onsuccess = () => r(req.result); });
            const tx = db.transaction('queue', 'readwrite');
            const store = tx.objectStore('queue');
            const all = await new Promise(r => { const g = store.getAll(); g.onsuccess = () => r(g.result); });
            for (const c of all) { c.state = 'waiting'; for (const p of c.photos) p.evidence_id = null; store.put(c); }
            await new Promise(r => { tx.oncomplete = r; });
            await window.rpField.sync();
        }");
        await page.Locator("[data-testid=queue-summary][data-waiting='0'][data-sent='2'][data-conflict='1']").WaitForAsync();
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[0]}/evidence")).GetProperty("evidence").GetArrayLength());
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>($"/api/households/{Codes[2]}/conflicts")).GetProperty("conflicts").GetArrayLength());

        // The same screens in English (once the sync's message has gone).
        await page.Locator("#toast.show").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-testid=queue-summary]", new() { HasText = "Conflict 1" }).WaitForAsync();
        await BrowserFixture.ShotAsync(page, "field-queue-synced-en");
        await page.ClickAsync($"[data-testid=queue] li[data-code={Codes[0]}] strong");
        await page.Locator("[data-testid=milestones] tr[data-step=keys_claimed]").WaitForAsync();
        await BrowserFixture.ShotAsync(page, "field-household-en");
        await context.CloseAsync();
    }
}
