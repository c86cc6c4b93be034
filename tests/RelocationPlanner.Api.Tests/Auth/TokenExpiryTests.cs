using System.Globalization;
using System.Net;
using Npgsql;
using RelocationPlanner.Api.Tests.Cli;

namespace RelocationPlanner.Api.Tests.Auth;

/// <summary>Token expiry, rotation and GET /api/me's expires_at, with tokens issued by the real `rp`.</summary>
public class TokenExpiryTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    async Task<HttpResponseMessage> Me(string token) => await f.ClientWith(token).GetAsync("/api/me");

    static async Task<string> Add(string db, string name, params string[] more)
    {
        var r = await Rp.RunAsync(db, ["users", "add", name, "--role", "engineer", .. more]);
        Assert.True(r.Code == 0, r.Err);
        return Rp.LastLine(r.Out);
    }

    static DateTime ExpiresAt(System.Text.Json.JsonElement me) =>
        DateTime.Parse(me.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    [Fact]
    public async Task Tokens_get_the_default_lifetime_or_the_one_asked_for_and_me_shows_it()
    {
        var db = f.Service.ConnectionString;
        var before = DateTime.UtcNow;
        var fallback = await Add(db, "exp-default");
        var week = (await Rp.RunAsync(db, new Dictionary<string, string> { ["RP_TOKEN_DAYS"] = "7" }, "users", "add", "exp-week", "--role", "viewer")).Out;
        var dated = await Add(db, "exp-dated", "--expires", "2027-03-01");
        var days = await Add(db, "exp-days", "--expires", "30d");

        Assert.InRange(ExpiresAt(await (await Me(fallback)).Json()), before.AddDays(90).AddMinutes(-1), DateTime.UtcNow.AddDays(90).AddMinutes(1));
        Assert.InRange(ExpiresAt(await (await Me(Rp.LastLine(week))).Json()), before.AddDays(7).AddMinutes(-1), DateTime.UtcNow.AddDays(7).AddMinutes(1));
        Assert.Equal(new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), ExpiresAt(await (await Me(dated)).Json()));
        Assert.InRange(ExpiresAt(await (await Me(days)).Json()), before.AddDays(30).AddMinutes(-1), DateTime.UtcNow.AddDays(30).AddMinutes(1));
        Assert.Contains("2027-03-01", (await Rp.RunAsync(db, "users", "list")).Out);

        // Past, malformed or too distant expiries are refused before anything is stored.
        foreach (var bad in new[] { "2001-01-01", "0d", "-3d", "soon", "2999-01-01" })
        {
            var r = await Rp.RunAsync(db, "users", "add", "exp-bad", "--role", "viewer", "--expires", bad);
            Assert.True(r.Code == 2, $"{bad}: {r.Code} {r.Err}");
            Assert.Contains("--expires", r.Err);
        }
        Assert.NotEqual(0, (await Rp.RunAsync(db, new Dictionary<string, string> { ["RP_TOKEN_DAYS"] = "0" }, "users", "add", "exp-bad", "--role", "viewer")).Code);
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users WHERE name = 'exp-bad'", conn);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_a_problem_that_says_expired()
    {
        var token = await Add(f.Service.ConnectionString, "exp-old");
        Assert.Equal(HttpStatusCode.OK, (await Me(token)).StatusCode);
        await using (var conn = new NpgsqlConnection(f.Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using var age = new NpgsqlCommand("""
                UPDATE api_tokens SET created_at = now() - interval '91 days', expires_at = now() - interval '1 second'
                WHERE user_id = (SELECT id FROM users WHERE name = 'exp-old')
                """, conn);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        foreach (var path in new[] { "/api/me", "/ogc/collections" })
        {
            var r = await f.ClientWith(token).GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
            var problem = await r.Json();
            Assert.EndsWith("/token-expired", problem.GetProperty("type").GetString());
            Assert.Contains("expired", problem.GetProperty("detail").GetString());
            Assert.Equal("token_expired", problem.GetProperty("errors")[0].GetProperty("rule").GetString());
            Assert.Contains("invalid_token", r.Headers.WwwAuthenticate.ToString());
        }
        // Nor may it write.
        var write = await f.ClientWith(token).PostAsync("/api/roads", AuthFixture.Body(AuthFixture.Sample("roads", AuthFixture.NewCode("R"))));
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task Rotate_issues_a_new_token_and_the_old_one_stops_working()
    {
        var db = f.Service.ConnectionString;
        var old = await Add(db, "rot-user");
        Assert.Equal(HttpStatusCode.OK, (await Me(old)).StatusCode);

        var r = await Rp.RunAsync(db, "users", "rotate", "rot-user", "--expires", "2027-06-30");
        Assert.True(r.Code == 0, r.Err);
        var fresh = Rp.LastLine(r.Out);
        Assert.NotEqual(old, fresh);
        var me = await Me(fresh);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var who = await me.Json();
        Assert.Equal("rot-user", who.GetProperty("name").GetString());
        Assert.Equal(new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc), ExpiresAt(who));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(old)).StatusCode);

        // A second rotation retires the first new token too; unknown or revoked users have none to rotate.
        var again = Rp.LastLine((await Rp.RunAsync(db, "users", "rotate", "rot-user")).Out);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Me(again)).StatusCode);
        Assert.Equal(1, (await Rp.RunAsync(db, "users", "rotate", "nobody-here")).Code);
        Assert.Equal(0, (await Rp.RunAsync(db, "users", "revoke", "rot-user")).Code);
        Assert.Equal(1, (await Rp.RunAsync(db, "users", "rotate", "rot-user")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(again)).StatusCode);
    }
}
