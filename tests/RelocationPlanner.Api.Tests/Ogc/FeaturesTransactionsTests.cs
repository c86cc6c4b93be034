using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Tests.Auth;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// OGC API - Features Part 4 (draft: create-replace-delete, update, features, optimistic locking
/// with ETags) on /ogc/collections/{id}/items, through the same write path as /api: the same
/// editors per collection, the same validation and refusals, the same history.
/// </summary>
public class FeaturesTransactionsTests(AuthFixture f) : IClassFixture<AuthFixture>
{
    static StringContent Body(JsonNode json, string type = "application/geo+json") => new(json.ToJsonString(), Encoding.UTF8, type);

    static string Code() => "OGC-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Who_may_create_is_the_same_as_for_api_writes()
    {
        foreach (var c in Collections.All)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await f.Clients["none"].PostAsync($"/ogc/collections/{c.Id}/items", Body(AuthFixture.Sample(c.Id, Code())))).StatusCode);
            foreach (var role in Roles.All)
            {
                var r = await f.Clients[role].PostAsync($"/ogc/collections/{c.Id}/items", Body(AuthFixture.Sample(c.Id, Code())));
                Assert.True((EntityEditors.MayEdit(c.Table, role) ? HttpStatusCode.Created : HttpStatusCode.Forbidden) == r.StatusCode, $"{role} on {c.Id}: {(int)r.StatusCode}");
            }
        }
    }

    [Theory]
    [InlineData("""{"type":"Feature","geometry":{"type":"Point","coordinates":[108.3,38.8]},"properties":{"code":"X","well_type":"bucket","status":"planned"}}""")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Point","coordinates":[8.3,38.8]},"properties":{"code":"X","well_type":"other","status":"planned"}}""")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":{"status":"planned"}}""")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Point","coordinates":[108.3,38.8]},"properties":{"code":"X","well_type":"other","status":"planned","planned_on":"2017-01-01","started_on":"2016-01-01"}}""")]
    public async Task Refusals_are_the_same_as_api_writes_and_nothing_is_stored(string feature)
    {
        var before = await f.CountAsync("wells");
        var api = await f.Http.PostAsync("/api/wells", new StringContent(feature, Encoding.UTF8, "application/geo+json"));
        var ogc = await f.Http.PostAsync("/ogc/collections/wells/items", new StringContent(feature, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.BadRequest, ogc.StatusCode);
        Assert.Equal(api.StatusCode, ogc.StatusCode);
        Assert.Equal((await api.Json()).GetProperty("errors").ToString(), (await ogc.Json()).GetProperty("errors").ToString());
        Assert.Equal(before, await f.CountAsync("wells"));
    }

    [Fact]
    public async Task Create_read_update_replace_delete_with_ETags_and_history()
    {
        var engineer = f.Clients[Roles.Engineer];
        var code = Code();
        var created = await engineer.PostAsync("/ogc/collections/wells/items", Body(AuthFixture.Sample("wells", code)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.Matches(@"^/ogc/collections/wells/items/\d+$", location);
        var id = long.Parse(location.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("\"v1\"", created.Headers.ETag!.Tag);

        var read = await engineer.GetAsync(location);
        Assert.Equal("\"v1\"", read.Headers.ETag!.Tag);

        // PATCH: a JSON merge patch of the stored feature, If-Match checked.
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Body(JsonNode.Parse("""{"properties":{"status":"under_construction","planned_on":"2020-01-01","started_on":"2020-03-01"}}""")!, "application/merge-patch+json") })
        {
            patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"v1\""));
            var r = await engineer.SendAsync(patch);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("\"v2\"", r.Headers.ETag!.Tag);
        }
        var after = await engineer.GetJson(location);
        Assert.Equal("under_construction", after.GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal("electromechanical", after.GetProperty("properties").GetProperty("well_type").GetString());
        Assert.Equal(code, after.GetProperty("properties").GetProperty("code").GetString());

        // PUT with a stale ETag: 412, nothing changed; without If-Match (as QGIS sends it): replaced.
        using (var stale = new HttpRequestMessage(HttpMethod.Put, location) { Content = Body(AuthFixture.Sample("wells", code)) })
        {
            stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"v1\""));
            var r = await engineer.SendAsync(stale);
            Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode);
            Assert.Equal("stale_etag", (await r.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
        }
        var put = await engineer.PutAsync(location, Body(AuthFixture.Sample("wells", code)));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"v3\"", put.Headers.ETag!.Tag);
        // /api keeps asking for If-Match.
        Assert.Equal((HttpStatusCode)428, (await engineer.PutAsync($"/api/wells/{id}", Body(AuthFixture.Sample("wells", code)))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.DeleteAsync(location)).StatusCode);

        // The same history as /api writes: who and what, in order.
        var history = await f.ColumnAsync<string>("SELECT op || ':' || changed_by FROM history WHERE entity = 'wells' AND entity_id = $1 ORDER BY id", id);
        var who = f.Names[Roles.Engineer];
        Assert.Equal([$"insert:{who}", $"update:{who}", $"update:{who}", $"delete:{who}"], history);
    }

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names()
    {
        var engineer = f.Clients[Roles.Engineer];
        var sample = AuthFixture.Sample("roads", Code());
        sample["properties"]!["name"] = "旧名";
        sample["properties"]!["surface"] = "gravel";
        sample["geometry"] = Geo.Line((108.123456789, 38.6), (108.2, 38.654321987));
        var location = (await engineer.PostAsync("/ogc/collections/roads/items", Body(sample))).Headers.Location!.ToString();
        var id = long.Parse(location.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var geometryBefore = await f.ScalarAsync<string>("SELECT ST_AsEWKT(geom) FROM roads WHERE id = $1", id);

        using (var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Body(JsonNode.Parse("""{"properties":{"name":null,"road_class":"provincial"}}""")!, "application/merge-patch+json") })
            Assert.Equal(HttpStatusCode.OK, (await engineer.SendAsync(patch)).StatusCode);
        Assert.Null(await f.ScalarAsync<object>("SELECT name FROM roads WHERE id = $1", id) as string);
        Assert.Equal("provincial", await f.ScalarAsync<string>("SELECT road_class FROM roads WHERE id = $1", id));
        Assert.Equal("gravel", await f.ScalarAsync<string>("SELECT surface FROM roads WHERE id = $1", id));
        // The geometry the patch did not name is stored exactly as before.
        Assert.Equal(geometryBefore, await f.ScalarAsync<string>("SELECT ST_AsEWKT(geom) FROM roads WHERE id = $1", id));

        // A required property removed: refused as /api refuses it, naming the field; nothing changed.
        using (var bad = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Body(JsonNode.Parse("""{"properties":{"status":null}}""")!, "application/merge-patch+json") })
        {
            var r = await engineer.SendAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("properties.status", (await r.Json()).GetProperty("field").GetString());
        }
        Assert.Equal("completed", await f.ScalarAsync<string>("SELECT status FROM roads WHERE id = $1", id));
        using (var notObject = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Body(JsonNode.Parse("[1]")!, "application/merge-patch+json") })
            Assert.Equal(HttpStatusCode.BadRequest, (await engineer.SendAsync(notObject)).StatusCode);
        using (var missing = new HttpRequestMessage(HttpMethod.Patch, "/ogc/collections/roads/items/999999999") { Content = Body(JsonNode.Parse("{}")!, "application/merge-patch+json") })
            Assert.Equal(HttpStatusCode.NotFound, (await engineer.SendAsync(missing)).StatusCode);
    }

    [Fact]
    public async Task Content_crs_names_the_crs_of_a_body_geometry()
    {
        var engineer = f.Clients[Roles.Engineer];
        async Task<(double Lon, double Lat)> Post(string crs, double a, double b)
        {
            var sample = AuthFixture.Sample("wells", Code());
            sample["geometry"] = Geo.Point(a, b);
            using var m = new HttpRequestMessage(HttpMethod.Post, "/ogc/collections/wells/items") { Content = Body(sample) };
            m.Headers.Add("Content-Crs", $"<{crs}>");
            var r = await engineer.SendAsync(m);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            var id = long.Parse(r.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            return (await f.ScalarAsync<double>("SELECT ST_X(geom) FROM wells WHERE id = $1", id), await f.ScalarAsync<double>("SELECT ST_Y(geom) FROM wells WHERE id = $1", id));
        }
        Assert.Equal((108.31, 38.81), await Post("http://www.opengis.net/def/crs/EPSG/0/4326", 38.81, 108.31));
        Assert.Equal((108.31, 38.81), await Post("http://www.opengis.net/def/crs/EPSG/0/4490", 38.81, 108.31));
        var (e, n) = GaussKruger.ProjectToZone(108.31, 38.81, 4545);
        var gk = await Post("http://www.opengis.net/def/crs/EPSG/0/4545", n, e);
        Assert.Equal(108.31, gk.Lon, 6);
        Assert.Equal(38.81, gk.Lat, 6);

        var before = await f.CountAsync("wells");
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/ogc/collections/wells/items") { Content = Body(AuthFixture.Sample("wells", Code())) };
        unknown.Headers.Add("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/32649>");
        var refused = await engineer.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Content-Crs", (await refused.Json()).GetProperty("field").GetString());
        Assert.Equal(before, await f.CountAsync("wells"));
        // Lat/lon sent as if lon/lat lands outside China: refused by the same geometry rule as /api.
        using var swapped = new HttpRequestMessage(HttpMethod.Post, "/ogc/collections/wells/items") { Content = Body(AuthFixture.Sample("wells", Code())) };
        swapped.Headers.Add("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/4326>");
        var outside = await engineer.SendAsync(swapped);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(Rules.OutsideChina, (await outside.Json()).GetProperty("errors")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Text_written_through_the_API_is_escaped_in_HTML()
    {
        var town = AuthFixture.Sample("towns", Code());
        town["properties"]!["name"] = "<script>alert(1)</script>";
        var location = (await f.Http.PostAsync("/ogc/collections/towns/items", Body(town))).Headers.Location!.ToString();
        foreach (var url in new[] { location + "?f=html", "/ogc/collections/towns/items?f=html&limit=1000" })
        {
            var html = await f.Http.GetStringAsync(url);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>", html);
        }
    }

    [Fact]
    public async Task NumberMatched_follows_the_writes_of_the_collection()
    {
        // The count is kept per data version; small pages read the version with the page, large
        // ones before it: each must see a write at the next request, on the page counted before.
        var engineer = f.Clients[Roles.Engineer];
        var prefix = Code();
        async Task Matches(int expected, string step)
        {
            foreach (var limit in new[] { 10, 10, 5000, 5000 })
            {
                var page = await engineer.GetJson($"/ogc/collections/wells/items?limit={limit}&filter={Uri.EscapeDataString($"code LIKE '{prefix}%'")}");
                Assert.True(expected == page.GetProperty("numberMatched").GetInt64(), $"{step}, limit {limit}: numberMatched {page.GetProperty("numberMatched")}");
                Assert.Equal(expected, page.GetProperty("numberReturned").GetInt32());
            }
        }
        await Matches(0, "before any");
        var first = (await engineer.PostAsync("/ogc/collections/wells/items", Body(AuthFixture.Sample("wells", prefix + "-1")))).Headers.Location!;
        await Matches(1, "after the first POST");
        Assert.Equal(HttpStatusCode.Created, (await engineer.PostAsync("/ogc/collections/wells/items", Body(AuthFixture.Sample("wells", prefix + "-2")))).StatusCode);
        await Matches(2, "after the second POST");
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync(first)).StatusCode);
        await Matches(1, "after the DELETE");
    }
}
