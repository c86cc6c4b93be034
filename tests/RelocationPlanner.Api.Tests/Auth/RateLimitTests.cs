using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace RelocationPlanner.Api.Tests.Auth;

public class RateLimitFixture : AuthFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string>
    {
        ["RP_AUTH_FAILURES_PER_MINUTE"] = "5",
        ["RP_AUTH_TOKEN_FAILURES_PER_MINUTE"] = "3",
    };

    /// <summary>
    /// A client whose connections come from <paramref name="address"/> (any of 127/8 is loopback on
    /// Linux), so each test is its own client address and the service counts it apart.
    /// </summary>
    public HttpClient From(string address, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(ctx.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var c = new HttpClient(handler) { BaseAddress = new Uri(Service.BaseUrl) };
        if (token is not null) c.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return c;
    }

    /// <summary>A well-formed token that was never issued.</summary>
    public static string Guess() => "rp_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public class RateLimitTests(RateLimitFixture f) : IClassFixture<RateLimitFixture>
{
    static async Task<HttpStatusCode> Status(HttpClient c, string path = "/api/audit") => (await c.GetAsync(path)).StatusCode;

    [Fact]
    public async Task A_valid_token_still_works_after_100_bad_ones_from_the_same_address()
    {
        const string office = "127.0.0.2";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var guess = f.From(office, i % 2 == 0 ? RateLimitFixture.Guess() : "not-even-a-token");
            statuses.Add(await Status(guess, "/ogc/collections"));
        }
        // Five bad tokens are told 401; from then on the address is braked with 429.
        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        using (var braked = f.From(office, RateLimitFixture.Guess()))
        {
            var r = await braked.GetAsync("/ogc/collections");
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
            Assert.Equal("Authorization", (await r.Json()).GetProperty("field").GetString());
            Assert.True(r.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        }

        // Colleagues behind the same address keep working: valid tokens are never braked.
        var admin = await f.CreateTokenAsync("office-admin", Data.Users.Roles.Admin);
        using (var colleague = f.From(office, admin)) Assert.Equal(HttpStatusCode.OK, await Status(colleague));
        var viewer = await f.CreateTokenAsync("office-viewer", Data.Users.Roles.Viewer);
        using (var colleague = f.From(office, viewer)) Assert.Equal(HttpStatusCode.OK, await Status(colleague, "/api/me"));
        using (var anonymous = f.From(office, null)) Assert.Equal(HttpStatusCode.OK, await Status(anonymous, "/ogc/collections"));
        // Another address is counted apart.
        using (var elsewhere = f.From("127.0.0.3", RateLimitFixture.Guess())) Assert.Equal(HttpStatusCode.Unauthorized, await Status(elsewhere));
    }

    [Fact]
    public async Task One_bad_token_repeated_is_braked_for_itself_from_every_address()
    {
        var stale = RateLimitFixture.Guess();
        using (var script = f.From("127.0.0.4", stale))
        {
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await Status(script));
            Assert.Equal(HttpStatusCode.TooManyRequests, await Status(script));
        }
        // The same token from another address is still braked (counted per token)...
        using (var elsewhere = f.From("127.0.0.5", stale)) Assert.Equal(HttpStatusCode.TooManyRequests, await Status(elsewhere));
        // ...while the first address has budget left for other tokens (3 of its 5 spent).
        using (var other = f.From("127.0.0.4", RateLimitFixture.Guess())) Assert.Equal(HttpStatusCode.Unauthorized, await Status(other));
    }

    [Fact]
    public async Task A_revoked_users_tokens_are_braked_per_user()
    {
        var name = "revoked-" + Guid.NewGuid().ToString("N")[..8];
        var token = await f.CreateTokenAsync(name, Data.Users.Roles.Engineer);
        await using (var db = Data.Database.CreateDataSource(f.Service.ConnectionString))
            Assert.True(await Data.Users.UserStore.RevokeAsync(db, name, "test", CancellationToken.None));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var c = f.From($"127.0.1.{i + 1}", token);
            statuses.Add(await Status(c));
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}

public class ClosedReadsFixture : AuthFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["RP_OPEN_READS"] = "false" };
}

public class ClosedReadsTests(ClosedReadsFixture f) : IClassFixture<ClosedReadsFixture>
{
    [Theory]
    [InlineData("/ogc/collections")]
    [InlineData("/ogc/collections/sites/items")]
    [InlineData("/ogc/collections/sites/items/1")]
    public async Task With_RP_OPEN_READS_false_reads_need_a_token(string path)
    {
        var r = await f.Clients["none"].GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await f.Clients["viewer"].GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Clients["none"].GetAsync("/health")).StatusCode);
    }
}
