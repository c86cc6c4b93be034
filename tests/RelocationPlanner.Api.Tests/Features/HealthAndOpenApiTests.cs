using System.Net;

namespace RelocationPlanner.Api.Tests.Features;

public class HealthAndOpenApiTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Health_answers_ready_with_the_PostGIS_version_once_warmed()
    {
        var health = await (await f.Http.GetAsync("/health")).Json();
        Assert.Equal("ready", health.GetProperty("status").GetString());
        Assert.StartsWith("3.", health.GetProperty("postgis").GetString());
        Assert.InRange(health.GetProperty("ready_after_s").GetDouble(), 0, 90);
    }

    [Fact]
    public async Task OpenApi_lists_the_write_and_ogc_endpoints()
    {
        var r = await f.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var paths = (await r.Json()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/ogc/collections/{collectionId}/items", paths);
        Assert.Contains(paths, p => p.StartsWith("/api/{collection", StringComparison.Ordinal) && p.EndsWith("/import", StringComparison.Ordinal));
        Assert.Contains("/api/jobs/{id}", paths);
    }

    [Fact]
    public async Task OpenApi_names_the_bearer_scheme_on_what_needs_a_token_and_the_reference_is_served()
    {
        var doc = await (await f.Http.GetAsync("/openapi/v1.json")).Json();
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var paths = doc.GetProperty("paths");
        // A write needs a token: the scheme, its roles, 401 and 403.
        var evaluateWrite = paths.GetProperty("/api/scoring/profiles").GetProperty("post");
        Assert.Equal("bearer", Assert.Single(evaluateWrite.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);
        Assert.Contains("planner", evaluateWrite.GetProperty("description").GetString());
        Assert.True(evaluateWrite.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(evaluateWrite.GetProperty("responses").TryGetProperty("403", out _));
        // An open read does not.
        Assert.False(paths.GetProperty("/ogc/collections").GetProperty("get").TryGetProperty("security", out _));

        var reference = await f.Http.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_job_is_404_and_a_malformed_id_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync($"/api/jobs/{Guid.NewGuid()}")).StatusCode);
        var bad = await f.Http.GetAsync("/api/jobs/not-a-uuid");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("id", (await bad.Json()).GetProperty("field").GetString());
    }
}
