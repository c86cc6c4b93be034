using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RelocationPlanner.Api.Tests.Features;

/// <summary>Every kind of bad feature gets problem+json naming the field, and nothing is stored.</summary>
public class ValidationTests(ServiceFixture f) : IClassFixture<ServiceFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await f.CountAsync("admin_units") == 0) await f.SeedUnitsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static JsonObject Road(JsonNode? geometry, string status = "completed", string roadClass = "county", string code = "R-v") =>
        Geo.Feature(geometry, new() { ["code"] = code, ["road_class"] = roadClass, ["status"] = status });

    static JsonObject SitePolygon(JsonNode geometry) =>
        Geo.Feature(geometry, new() { ["code"] = "S-v", ["name"] = "x", ["site_type"] = "centralized", ["capacity_households"] = 10 });

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // name, collection, body, expected field, expected rule
        { "self-intersecting polygon", "sites", SitePolygon(Geo.Polygon((108.1, 38.6), (108.2, 38.7), (108.2, 38.6), (108.1, 38.7), (108.1, 38.6))).ToJsonString(), "geometry", "geometry_invalid" },
        { "unclosed ring", "sites", SitePolygon(new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse("[[[108.1,38.6],[108.2,38.6],[108.2,38.7],[108.1,38.7]]]") }).ToJsonString(), "geometry.coordinates[0]", "ring_not_closed" },
        { "too few points", "roads", Road(new JsonObject { ["type"] = "LineString", ["coordinates"] = JsonNode.Parse("[[108.1,38.6]]") }).ToJsonString(), "geometry.coordinates", "too_few_points" },
        { "wrong geometry type", "roads", Road(Geo.Point(108.1, 38.6)).ToJsonString(), "geometry.type", "geometry_type" },
        { "outside China", "roads", Road(Geo.Line((2.35, 48.85), (2.36, 48.86))).ToJsonString(), "geometry.coordinates", "outside_china" },
        { "swapped lon/lat", "roads", Road(Geo.Line((38.6, 108.1), (38.7, 108.2))).ToJsonString(), "geometry.coordinates", "outside_china" },
        { "unknown status", "roads", Road(Geo.Line((108.1, 38.6), (108.2, 38.7)), status: "done").ToJsonString(), "properties.status", "enum" },
        { "unknown class", "roads", Road(Geo.Line((108.1, 38.6), (108.2, 38.7)), roadClass: "motorway").ToJsonString(), "properties.road_class", "enum" },
        { "missing required property", "towns", Geo.Feature(Geo.Point(108.1, 38.6), new() { ["code"] = "T-v", ["town_level"] = "township" }).ToJsonString(), "properties.name", "required" },
        { "unknown parent unit", "admin_units", Geo.Feature(Geo.Square(108.1, 38.6, 0.1), new() { ["code"] = "999", ["name"] = "x", ["level"] = "township", ["parent_code"] = "404404" }).ToJsonString(), "properties.parent_code", "unknown_unit" },
        { "people fewer than households", "settlements", Geo.Feature(Geo.Point(108.1, 38.6), new() { ["code"] = "V-v", ["name"] = "x", ["population"] = 3, ["households"] = 5 }).ToJsonString(), "properties.households", "people_ge_households" },
        { "separate site drawn as polygon", "sites", Geo.Feature(Geo.Square(108.1, 38.6, 0.01), new() { ["code"] = "S-v2", ["name"] = "x", ["site_type"] = "separate", ["separate_kind"] = "self_built" }).ToJsonString(), "geometry.type", "site_shape" },
        { "bad date", "wells", Geo.Feature(Geo.Point(108.1, 38.6), new() { ["code"] = "W-v", ["well_type"] = "other", ["status"] = "planned", ["planned_on"] = "2016-13-40" }).ToJsonString(), "properties.planned_on", "type_date" },
        { "not a feature", "wells", "{\"type\":\"Point\",\"coordinates\":[108,38]}", "type", "feature_required" },
        { "broken JSON", "wells", "{\"type\":\"Feature\",", "$", "json" },
        { "NaN-like coordinate", "wells", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"108\",38]},\"properties\":{\"code\":\"W\",\"well_type\":\"other\",\"status\":\"planned\"}}", "geometry.coordinates", "coordinates_number" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_feature_is_refused_with_the_field_and_changes_nothing(string name, string collection, string body, string field, string rule)
    {
        var before = await f.CountAsync(collection);
        var historyBefore = await f.CountAsync("history WHERE entity <> 'api_tokens'");
        var r = await f.Http.PostAsync($"/api/{collection}", new StringContent(body, Encoding.UTF8, "application/geo+json"));
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{name}: {r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var problem = await r.Json();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(rule, problem.GetProperty("errors")[0].GetProperty("rule").GetString());
        if (name == "swapped lon/lat") Assert.Contains("swapped", problem.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before, await f.CountAsync(collection));
        Assert.Equal(historyBefore, await f.CountAsync("history WHERE entity <> 'api_tokens'"));
    }

    [Fact]
    public async Task Duplicate_code_is_409_naming_the_code()
    {
        var well = Geo.Feature(Geo.Point(108.1, 38.6), new() { ["code"] = "W-dup", ["well_type"] = "electromechanical", ["status"] = "completed" });
        Assert.Equal(HttpStatusCode.Created, (await f.PostGeoJson("/api/wells", well)).StatusCode);
        var again = await f.PostGeoJson("/api/wells", well);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("properties.code", (await again.Json()).GetProperty("field").GetString());
        Assert.Equal(1, await f.CountAsync("wells WHERE code = 'W-dup'"));
    }

    [Fact]
    public async Task A_single_feature_over_16_MB_is_413()
    {
        // A valid-looking feature whose name pads the body past the limit.
        var body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[108,38]},\"properties\":{\"code\":\"W-big\",\"well_type\":\"other\",\"status\":\"planned\",\"name\":\""
                   + new string('x', 17 * 1024 * 1024) + "\"}}";
        // Expect: 100-continue lets the server refuse before the client sends 17 MB (as curl does).
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/wells") { Content = new StringContent(body, Encoding.UTF8, "application/geo+json") };
        req.Headers.ExpectContinue = true;
        var r = await f.Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await f.CountAsync("wells WHERE code = 'W-big'"));
    }

    [Theory]
    [InlineData("/api/wells")]
    [InlineData("/api/households")]
    [InlineData("/api/subsidy-policies")]
    public async Task A_write_body_not_sent_as_JSON_is_415_and_changes_nothing(string path)
    {
        var historyBefore = await f.CountAsync("history WHERE entity <> 'api_tokens'");
        var r = await f.Http.PostAsync(path, new StringContent("{\"code\":\"X-415\"}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal("$", (await r.Json()).GetProperty("field").GetString());
        Assert.Equal(historyBefore, await f.CountAsync("history WHERE entity <> 'api_tokens'"));
    }

    [Fact]
    public async Task Unknown_collection_and_unknown_id_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/ogc/collections/nope/items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/ogc/collections/roads/items/999999")).StatusCode);
        var del = await f.Http.DeleteAsync("/api/roads/999999");
        Assert.Equal(HttpStatusCode.NotFound, del.StatusCode);
        Assert.Equal("application/problem+json", del.Content.Headers.ContentType!.MediaType);
    }
}
