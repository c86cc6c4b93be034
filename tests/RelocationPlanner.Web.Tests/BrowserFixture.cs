using System.Text.Json;
using Microsoft.Playwright;
using RelocationPlanner.Data.Users;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// One real service (demo data loaded, the built map client served at /) and one headless Debian
/// Chromium per test class. A missing web build or browser fails the tests; nothing is skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string WebRoot = Path.Combine(TestDatabase.RepoRoot, "src", "RelocationPlanner.Api", "wwwroot");
    public static readonly string Screenshots = Path.Combine(TestDatabase.RepoRoot, "artifacts", "screenshots");
    const string Chromium = "/usr/bin/chromium";

    public ServiceProcess Service { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
            throw new InvalidOperationException($"The map client is not built ({WebRoot}/index.html missing): run tools/build-web.");
        if (!File.Exists(Chromium))
            throw new InvalidOperationException("Debian's chromium is missing: run tools/ensure-chromium.");
        Directory.CreateDirectory(Screenshots);
        Service = await ServiceProcess.StartAsync(env: new Dictionary<string, string>
        {
            ["RP_WEB_ROOT"] = WebRoot,
            ["RP_LOAD_DEMO"] = "true",
            ["RP_DEMO_DIR"] = Path.Combine(TestDatabase.RepoRoot, "data", "demo"),
            // The browser tests share a busy machine with the rest of the run: a zoomed-out surface may
            // take longer than the 10 s a user's request gets. The budget itself is tested in the Api tests.
            ["RP_SCORING_REQUEST_SECONDS"] = "120",
        });
        // Writes need a token: the default client acts as an admin created straight in the database.
        var admin = await CreateTokenAsync(Roles.Admin);
        Service.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A new user with the role (the same code path and hashing as `rp users add`); returns its token.</summary>
    public async Task<string> CreateTokenAsync(string role, string? name = null)
    {
        await using var db = Data.Database.CreateDataSource(Service.ConnectionString, "web-tests");
        return await UserStore.AddAsync(db, name ?? $"web-{role.Replace('_', '-')}-{Guid.NewGuid():N}"[..32], role, "web-tests", CancellationToken.None);
    }

    /// <summary>Signs in like a user: the header's Sign in dialog, waits for the signed-in line, then (on the map) opens the Edit tab.</summary>
    public async Task SignInAsync(IPage page, string role, bool openEditTab = true)
    {
        var token = await CreateTokenAsync(role);
        await page.ClickAsync("[data-testid=header-sign-in]");
        await page.FillAsync("[data-testid=token]", token);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.Locator("[data-testid=signed-in-as]").WaitForAsync();
        if (openEditTab) await page.ClickAsync("[data-tab=edit]");
    }

    /// <summary>A fresh page in the given browser language, with the map loaded and rendered.</summary>
    public async Task<IPage> OpenMapAsync(string locale = "en-US", string? path = null)
    {
        var context = await Browser.NewContextAsync(new() { Locale = locale, ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") Console.WriteLine("browser: " + m.Text); };
        await page.GotoAsync(Service.BaseUrl + (path ?? "/"));
        await page.WaitForSelectorAsync("body[data-ready='1']", new() { Timeout = 30_000 });
        return page;
    }

    public static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png") });

    /// <summary>Moves the map to a lon/lat at a zoom, and waits for it to render.</summary>
    public static async Task GoToAsync(IPage page, double lon, double lat, double zoom)
    {
        await page.EvaluateAsync(@"([lon, lat, zoom]) => new Promise(done => {
            const R = 6378137, d = Math.PI / 180;
            const m = window.rp.map;
            m.getView().setCenter([R * lon * d, R * Math.log(Math.tan(Math.PI / 4 + lat * d / 2))]);
            m.getView().setZoom(zoom);
            m.once('rendercomplete', () => done(true));
        })", new object[] { lon, lat, zoom });
    }

    /// <summary>The page pixel (relative to the viewport) of a lon/lat.</summary>
    public static async Task<(float X, float Y)> PixelAsync(IPage page, double lon, double lat)
    {
        var p = await page.EvaluateAsync<JsonElement>(@"([lon, lat]) => {
            const R = 6378137, d = Math.PI / 180;
            const m = window.rp.map;
            const px = m.getPixelFromCoordinate([R * lon * d, R * Math.log(Math.tan(Math.PI / 4 + lat * d / 2))]);
            const r = m.getTargetElement().getBoundingClientRect();
            return [px[0] + r.left, px[1] + r.top];
        }", new object[] { lon, lat });
        return ((float)p[0].GetDouble(), (float)p[1].GetDouble());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Service is not null) await Service.DisposeAsync();
    }
}
