using System.Net;
using Npgsql;
using RelocationPlanner.Api.Tests.Scoring;

namespace RelocationPlanner.Api.Tests.Jobs;

/// <summary>A service with the recurring rescoring check every 2 s (the default is a minute).</summary>
public class JobQueueFixture : ScoringFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["RP_SCORING_CHECK_SECONDS"] = "2" };
}

/// <summary>The job dashboard's access rules, and the recurring check running on the shared queue.</summary>
public class JobQueueTests(JobQueueFixture f) : IClassFixture<JobQueueFixture>
{
    [Fact]
    public async Task The_dashboard_is_for_admins_by_bearer_token_or_session_cookie()
    {
        using var anonymous = f.ClientWith(null);
        var none = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/hangfire/jobs/enqueued")).StatusCode);
        using var forged = f.ClientWith("rp_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/hangfire")).StatusCode);
        foreach (var role in new[] { "viewer", "planner", "engineer", "relocation_officer" })
        {
            using var other = f.ClientWith(await f.CreateTokenAsync($"dash-{role}-{Guid.NewGuid():N}"[..24], role));
            var refused = await other.GetAsync("/hangfire");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/session", null)).StatusCode);
        }

        // An admin's bearer token (curl): the dashboard, with the recurring check registered.
        var page = await f.Http.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("RelocationPlanner jobs", await page.Content.ReadAsStringAsync());
        Assert.Contains("scoring.rescore-check", await f.Http.GetStringAsync("/hangfire/recurring"));

        // A browser: the token exchanged for an HttpOnly, SameSite=Strict cookie sent only to /hangfire.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/session", null)).StatusCode);
        var opened = await f.Http.PostAsync("/api/session", null);
        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        var session = cookie.Split(';')[0];

        using var browser = f.ClientWith(null);
        browser.DefaultRequestHeaders.Add("Cookie", session);
        var viaCookie = await browser.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, viaCookie.StatusCode);
        Assert.True(viaCookie.Headers.CacheControl?.NoStore);
        // The cookie is the dashboard's only: elsewhere it is no credential at all.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);

        // A non-admin's token in the cookie is refused like the header; so is a revoked one.
        using var viewerCookie = f.ClientWith(null);
        viewerCookie.DefaultRequestHeaders.Add("Cookie", "rp_session=" + await f.CreateTokenAsync($"dash-cookie-{Guid.NewGuid():N}"[..24], "viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerCookie.GetAsync("/hangfire")).StatusCode);
        var revokedAdmin = $"dash-rev-{Guid.NewGuid():N}"[..20];
        using var revoked = f.ClientWith(null);
        revoked.DefaultRequestHeaders.Add("Cookie", "rp_session=" + await f.CreateTokenAsync(revokedAdmin, "admin"));
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("/hangfire")).StatusCode);
        await using (var db = Data.Database.CreateDataSource(f.Service.ConnectionString))
            Assert.True(await Data.Users.UserStore.RevokeAsync(db, revokedAdmin, "test", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/hangfire")).StatusCode);

        var closed = await browser.DeleteAsync("/api/session");
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        Assert.Contains("expires=", Assert.Single(closed.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_recurring_check_rescores_the_sites_after_infrastructure_changes()
    {
        if (await f.CountAsync("admin_units") == 0) await f.SeedUnitsAsync();
        var created = await f.PostGeoJson("/api/sites", Geo.Feature(Geo.Point(108.33, 38.81),
            new() { ["code"] = "Q-S1", ["name"] = "Q-S1", ["site_type"] = "separate", ["separate_kind"] = "self_built" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await f.ImportAsync("roads", ScoringFixture.Road("Q-R1", "completed", (108.3, 38.8), (108.4, 38.8)));
        var first = await SystemRunAsync(0);

        await f.ImportAsync("wells", ScoringFixture.Well("Q-W1", 108.35, 38.82));
        var second = await SystemRunAsync(first.Count);
        Assert.True(second.Count > first.Count);
        var job = await f.Http.GetStringAsync($"/api/jobs/{second.LastId}");
        Assert.Contains("\"status\":\"succeeded\"", job);
        Assert.Contains("\"kind\":\"scoring.rescore\"", job);
        Assert.Contains("\"created_by\":\"system\"", job);
    }

    /// <summary>Waits for a finished rescoring job started by the check (not by a user) beyond the first <paramref name="seen"/>.</summary>
    async Task<(int Count, Guid LastId)> SystemRunAsync(int seen)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT count(*)::int, (array_agg(id ORDER BY created_at DESC))[1] FROM jobs
                WHERE kind = 'scoring.rescore' AND created_by = 'system' AND status = 'succeeded'
                """, conn);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            if (r.GetInt32(0) > seen) return (r.GetInt32(0), r.GetGuid(1));
            await Task.Delay(200);
        }
        Assert.Fail("the recurring check started no rescoring job within 60 s");
        return default;
    }
}
