using System.Net;

namespace RelocationPlanner.Api.Tests.Auth;

public class RateLimitFixture : AuthFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["RP_AUTH_FAILURES_PER_MINUTE"] = "5" };
}

public class RateLimitTests(RateLimitFixture f) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Failed_tokens_from_one_address_are_braked_with_429_then_every_token_waits()
    {
        // Requests without a token are unaffected throughout.
        var anon = f.Clients["none"];
        for (var i = 0; i < 5; i++)
        {
            var guess = f.ClientWith($"rp_{Guid.NewGuid():N}{Guid.NewGuid():N}"[..46]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await guess.GetAsync("/ogc/collections")).StatusCode);
        }
        var sixth = await f.ClientWith("not-even-a-token").GetAsync("/ogc/collections");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("application/problem+json", sixth.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Authorization", (await sixth.Json()).GetProperty("field").GetString());
        Assert.True(sixth.Headers.RetryAfter!.Delta > TimeSpan.Zero);

        // While braked, even a valid token is not checked (a guesser learns nothing), but open reads work.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await f.Clients["admin"].GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/ogc/collections")).StatusCode);
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
