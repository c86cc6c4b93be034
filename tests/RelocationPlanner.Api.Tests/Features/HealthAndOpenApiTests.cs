using System.Net;

namespace RelocationPlanner.Api.Tests.Features;

public class HealthAndOpenApiTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Health_answers_ok_with_the_PostGIS_version()
    {
        var health = await (await f.Http.GetAsync("/health")).Json();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.StartsWith("3.", health.GetProperty("postgis").GetString());
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
    public async Task Unknown_job_is_404_and_a_malformed_id_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync($"/api/jobs/{Guid.NewGuid()}")).StatusCode);
        var bad = await f.Http.GetAsync("/api/jobs/not-a-uuid");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("id", (await bad.Json()).GetProperty("field").GetString());
    }
}
