using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The field's work as the office sees it, in the browser against the real service: a household with
/// two photos (uploaded through POST /api/evidence, one far from its site) and a conflict (a field
/// change against an older record, the step recorded meanwhile at the office with another date). The
/// household page shows the photos with their flags and opens one; accepting the conflict is refused
/// at the conflict in the reader's language; rejecting it resolves it. The map's photo layer shows
/// the point for an officer and nothing for a planner.
/// </summary>
[Collection("web")]
public sealed class FieldWorkOfficeTests(BrowserFixture fx)
{
    static readonly string[] Codes = ["OFW01", "OFW02"];

    async Task<long> UploadPhotoAsync(byte[] jpeg, string code, string step, double lon, double lat)
    {
        using var form = new MultipartFormDataContent();
        var photo = new ByteArrayContent(jpeg);
        photo.Headers.ContentType = new("image/jpeg");
        form.Add(photo, "photo", "photo.jpg");
        form.Add(new StringContent(JsonSerializer.Serialize(new { household_code = code, step, taken_at = "2017-07-30T03:00:00Z", lon, lat, accuracy_m = 6.5, device = "web-test phone" }), Encoding.UTF8, "application/json"), "metadata");
        var r = await fx.Service.Http.PostAsync("/api/evidence", form);
        await FieldAppTests.Ok(r);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>A field change (keys claimed on 30 July) against the household's version before the office recorded another date.</summary>
    async Task<long> ConflictAsync(string site, string code)
    {
        var http = fx.Service.Http;
        var package = await http.PostAsJsonAsync("/api/field/packages", new { site_codes = new[] { site } });
        await FieldAppTests.Ok(package);
        var packageId = (await package.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var version = (await http.GetFromJsonAsync<JsonElement>($"/api/households/{code}")).GetProperty("version").GetInt32();
        await FieldAppTests.Ok(await http.PostAsJsonAsync($"/api/households/{code}/milestones", new { milestone = "keys_claimed", date = "2017-08-15" }));
        var change = new HttpRequestMessage(HttpMethod.Post, "/api/field/changes")
        {
            Content = JsonContent.Create(new
            {
                package_id = packageId,
                household_code = code,
                base_version = version,
                kind = "milestone",
                step = "keys_claimed",
                date = "2017-07-30",
                lon = (double?)null,
                lat = (double?)null,
                accuracy_m = (double?)null,
                recorded_at = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
                device = "web-test phone",
            }),
        };
        change.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var sent = await http.SendAsync(change);
        var answer = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, answer.ToString());
        return answer.GetProperty("conflict_id").GetInt64();
    }

    [Fact]
    public async Task A_household_shows_its_photos_and_conflicts_a_reject_resolves_one_and_the_map_shows_where_photos_were_taken()
    {
        var (site, _, lon, lat) = await FieldAppTests.SeedAsync(fx, 13, Codes);
        var code = Codes[0];
        var page = await fx.OpenMapAsync("zh-CN", $"/#/households/{code}");
        var near = await UploadPhotoAsync(await FieldAppTests.PhotoAsync(page, 800, 600, "new house"), code, "keys_claimed", lon, lat);
        var far = await UploadPhotoAsync(await FieldAppTests.PhotoAsync(page, 640, 480, "elsewhere"), code, "moved_in", lon + 0.06, lat);
        var conflictId = await ConflictAsync(site, code);

        await fx.SignInAsync(page, Roles.RelocationOfficer, openEditTab: false);
        var ready = page.Locator("[data-page=household][data-ready='1']");
        await ready.WaitForAsync();

        // The photos: thumbnails read with the token, step, position with accuracy, device; the far one flagged.
        var cards = page.Locator("[data-testid=evidence] li.evidence-card");
        Assert.Equal(2, await cards.CountAsync());
        await page.Locator($"li[data-evidence='{near}'] img[data-loaded='1']").WaitForAsync();
        await page.Locator($"li[data-evidence='{far}'] img[data-loaded='1']").WaitForAsync();
        var nearCard = page.Locator($"li[data-evidence='{near}']");
        Assert.Contains("已领钥匙", await nearCard.InnerTextAsync());
        Assert.Contains(lon.ToString("0.00000", CultureInfo.InvariantCulture), await nearCard.Locator("[data-testid=evidence-position]").InnerTextAsync());
        Assert.Contains("±6.5", await nearCard.InnerTextAsync());
        Assert.Contains("web-test phone", await nearCard.InnerTextAsync());
        Assert.Equal(0, await nearCard.Locator("[data-flag]").CountAsync());
        Assert.Contains("远离安置点", await page.Locator($"li[data-evidence='{far}'] [data-flag=far_from_site]").InnerTextAsync());
        // A click opens the photo itself, at its full size.
        await nearCard.Locator("[data-testid=evidence-open]").ClickAsync();
        await page.Locator("[data-testid=photo-full][data-loaded='1']").WaitForAsync();
        Assert.Equal(800, await page.Locator("[data-testid=photo-full]").EvaluateAsync<int>("i => i.naturalWidth"));
        await page.ClickAsync("[data-testid=photo-close]");
        await page.Locator("[data-testid=photo-viewer]").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // The conflict: both sides, the reason; accepting cannot overwrite a recorded milestone (409 append_only).
        var conflict = page.Locator($"li.conflict[data-conflict='{conflictId}']");
        Assert.Equal("recorded_differently", await conflict.GetAttributeAsync("data-reason"));
        Assert.Contains("2017", await conflict.Locator("[data-testid=conflict-change]").InnerTextAsync());
        await conflict.Locator("[data-testid=conflict-accept]").ClickAsync();
        var error = conflict.Locator("[data-testid=conflict-error][data-rule=append_only]");
        await error.WaitForAsync();
        Assert.Equal("409", await error.GetAttributeAsync("data-status"));
        Assert.Equal("进度一经登记不可更改：请驳回此冲突，保留系统记录。", await error.InnerTextAsync());
        await page.Locator("[data-testid=conflicts-section]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ShotAsync(page, "workspace-household-field-zh");
        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-page=household][data-ready='1'] h3", new() { HasTextString = "Photo evidence" }).WaitForAsync();
        await conflict.Locator("[data-testid=conflict-accept]").ClickAsync();
        await error.WaitForAsync();
        Assert.StartsWith("A recorded milestone cannot be changed", await error.InnerTextAsync());
        await page.Locator("[data-testid=conflicts-section]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ShotAsync(page, "workspace-household-field-en");

        // Rejecting keeps the office's date and resolves the conflict: it leaves the open list.
        await conflict.Locator("[data-testid=conflict-reject]").ClickAsync();
        await page.Locator("[data-testid=no-conflicts]").WaitForAsync();
        Assert.Equal(0, await page.Locator("li.conflict").CountAsync());
        Assert.Equal("rejected", await page.Locator($"[data-testid=resolved-conflicts] li[data-conflict='{conflictId}']").GetAttributeAsync("data-status"));
        var kept = (await fx.Service.Http.GetFromJsonAsync<JsonElement>($"/api/households/{code}/conflicts")).GetProperty("conflicts")[0];
        Assert.Equal("rejected", kept.GetProperty("status").GetString());
        Assert.Contains("2017-08-15", (await fx.Service.Http.GetFromJsonAsync<JsonElement>($"/api/households/{code}")).GetRawText());
        await page.ClickAsync("[data-testid=lang]");

        // The map: the photo layer in the layer list, a point where the photo was taken; a click shows it and links to the household.
        await page.ClickAsync("[data-nav=map]");
        await page.WaitForFunctionAsync("() => window.rp && window.rp.firstRenderMs !== null", null, new() { Timeout = 30_000 });
        Assert.Equal(1, await page.Locator("[data-testid=legend] li.legend-layer[data-layer=photos]").CountAsync());
        await BrowserFixture.GoToAsync(page, lon, lat, 15);
        await page.WaitForFunctionAsync($"() => window.rp.map.getLayers().getArray().find(l => l.get('id') === 'photos')?.getSource().getFeatureById({near}) != null");
        var (x, y) = await BrowserFixture.PixelAsync(page, lon, lat);
        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator($"[data-testid=photo-point][data-evidence='{near}']");
        await popup.WaitForAsync();
        await popup.Locator("img[data-loaded='1']").WaitForAsync();
        Assert.Equal($"#/households/{code}", await popup.Locator("[data-testid=photo-point-household]").GetAttributeAsync("href"));
        await BrowserFixture.ShotAsync(page, "map-photos-zh");
        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-testid=photo-point] h3", new() { HasTextString = "Where photos were taken" }).WaitForAsync();
        await BrowserFixture.ShotAsync(page, "map-photos-en");
        await page.ClickAsync("[data-testid=lang]");
        await popup.Locator("[data-testid=photo-point-household]").ClickAsync();
        await page.Locator($"[data-page=household][data-hash='#/households/{code}'][data-ready='1']").WaitForAsync();
        await page.Context.CloseAsync();

        // A planner may not see personal data: no photo layer, and nothing asked of the service.
        var planner = await fx.OpenMapAsync("zh-CN");
        var asked = new List<string>();
        planner.Request += (_, r) => { if (r.Url.Contains("/api/evidence", StringComparison.Ordinal)) asked.Add(r.Url); };
        await fx.SignInAsync(planner, Roles.Planner, openEditTab: false);
        await BrowserFixture.GoToAsync(planner, lon, lat, 15);
        await planner.Locator("[data-testid=legend] li.legend-layer[data-layer=sites]").WaitForAsync();
        Assert.Equal(0, await planner.Locator("[data-testid=legend] li.legend-layer[data-layer=photos]").CountAsync());
        var (px, py) = await BrowserFixture.PixelAsync(planner, lon, lat);
        await planner.Mouse.ClickAsync(px, py);
        await planner.WaitForTimeoutAsync(500);
        Assert.Equal(0, await planner.Locator("[data-testid=photo-point]").CountAsync());
        Assert.Empty(asked);
        await planner.Context.CloseAsync();
    }
}
