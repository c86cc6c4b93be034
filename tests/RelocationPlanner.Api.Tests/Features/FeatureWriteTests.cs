using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RelocationPlanner.Api.Tests.Features;

public class FeatureWriteTests(ServiceFixture f) : IClassFixture<ServiceFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await f.CountAsync("admin_units") == 0) await f.SeedUnitsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static JsonObject Site(string code, double lon = 108.2, double lat = 38.7) => Geo.Feature(
        Geo.Polygon((lon, lat), (lon + 0.004, lat), (lon + 0.004, lat + 0.003), (lon, lat + 0.003), (lon, lat)),
        new() { ["code"] = code, ["name"] = "新村安置点", ["site_type"] = "centralized", ["capacity_households"] = 28 });

    [Fact]
    public async Task Create_returns_201_with_location_and_etag_and_derives_the_unit()
    {
        var r = await f.PostGeoJson("/api/sites", Site("S-create"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("\"v1\"", r.Headers.ETag!.Tag);
        var item = await f.Http.GetAsync(r.Headers.Location);
        var json = await item.Json();
        Assert.Equal("S-create", json.GetProperty("properties").GetProperty("code").GetString());
        Assert.Equal("150621", json.GetProperty("properties").GetProperty("unit_code").GetString());
        Assert.Equal(28, json.GetProperty("properties").GetProperty("capacity_households").GetInt32());
        Assert.Equal("\"v1\"", item.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var created = await f.PostGeoJson("/api/sites", Site("S-etag"));
        var location = created.Headers.Location!.ToString();
        var id = location[(location.LastIndexOf('/') + 1)..];

        var renamed = Site("S-etag");
        renamed["properties"]!["name"] = "改名";
        var first = await Put($"/api/sites/{id}", renamed, "\"v1\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"v2\"", first.Headers.ETag!.Tag);

        renamed["properties"]!["name"] = "lost update";
        var stale = await Put($"/api/sites/{id}", renamed, "\"v1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Equal("If-Match", (await stale.Json()).GetProperty("field").GetString());

        var missing = await Put($"/api/sites/{id}", renamed, null);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);

        var now = await (await f.Http.GetAsync(location)).Json();
        Assert.Equal("改名", now.GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_feature_and_keeps_its_history()
    {
        var created = await f.PostGeoJson("/api/sites", Site("S-delete"));
        var location = created.Headers.Location!.ToString();
        var id = location[(location.LastIndexOf('/') + 1)..];
        var gone = await f.Http.DeleteAsync($"/api/sites/{id}");
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.DeleteAsync($"/api/sites/{id}")).StatusCode);
        Assert.Equal(2, await f.CountAsync($"history WHERE entity = 'sites' AND entity_id = {long.Parse(id)}"));
    }

    [Fact]
    public async Task Import_with_one_bad_feature_imports_nothing_and_names_it()
    {
        var before = await f.CountAsync("roads");
        var good = Geo.Feature(Geo.Line((108.1, 38.6), (108.2, 38.65)), new() { ["code"] = "R-ok", ["road_class"] = "county", ["status"] = "completed" });
        var bad = Geo.Feature(Geo.Line((108.1, 38.6), (108.2, 38.65)), new() { ["code"] = "R-bad", ["road_class"] = "county", ["status"] = "finished" });
        var r = await f.PostGeoJson("/api/roads/import", Geo.Collection(good, bad, good.DeepClone().AsObject()));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Json();
        Assert.Equal("features[1].properties.status", problem.GetProperty("field").GetString());
        Assert.Equal(before, await f.CountAsync("roads"));

        // The same batch without the bad feature still refuses the duplicated code, then imports once fixed.
        var dup = await f.PostGeoJson("/api/roads/import", Geo.Collection(good, good.DeepClone().AsObject()));
        Assert.Equal(HttpStatusCode.Conflict, dup.StatusCode);
        Assert.Equal("features[1].properties.code", (await dup.Json()).GetProperty("field").GetString());
        Assert.Equal(before, await f.CountAsync("roads"));

        var ok = await f.PostGeoJson("/api/roads/import", Geo.Collection(good));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, (await ok.Json()).GetProperty("imported").GetInt32());
        Assert.Equal(before + 1, await f.CountAsync("roads"));
    }

    [Fact]
    public async Task Import_accepts_a_parent_defined_in_the_same_file_after_its_child()
    {
        var child = Geo.Feature(Geo.Square(108.1, 38.6, 0.1), new() { ["code"] = "150621901", ["name"] = "新苏木", ["level"] = "township", ["parent_code"] = "150621900" });
        var parent = Geo.Feature(Geo.Square(108.1, 38.6, 0.2), new() { ["code"] = "150621900", ["name"] = "新旗", ["level"] = "county", ["parent_code"] = "1506" });
        var r = await f.PostGeoJson("/api/admin_units/import", Geo.Collection(child, parent));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    Task<HttpResponseMessage> Put(string path, JsonObject body, string? etag)
    {
        var req = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/geo+json") };
        if (etag is not null) req.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return f.Http.SendAsync(req);
    }
}
