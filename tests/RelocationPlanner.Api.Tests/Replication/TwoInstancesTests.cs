using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RelocationPlanner.Api.Replication;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Replication;

/// <summary>
/// Two service instances on one database (the smoke test of the cluster; tools/test-cluster runs the
/// cluster's own tests): what one instance writes, the other serves at once, its in-memory caches
/// (tiles, the scoring index) included, since both follow data_versions. One host: no replication
/// headers, exactly as a single instance.
/// </summary>
public class TwoInstancesTests
{
    [Fact]
    public async Task A_write_through_one_instance_is_read_tiled_and_scored_by_the_other()
    {
        var db = await TestDatabase.CreateAsync("two");
        await using var a = await ServiceProcess.StartAsync(db);
        await using var b = await ServiceProcess.StartAsync(db);
        var auth = await AdminAsync(db);
        a.Http.DefaultRequestHeaders.Authorization = auth;
        b.Http.DefaultRequestHeaders.Authorization = auth;

        // B warms its caches first: the tile of the area and the scoring index.
        var tileBefore = await b.Http.GetAsync("/tiles/roads/6/51/24.pbf");
        Assert.Equal(HttpStatusCode.OK, tileBefore.StatusCode);
        var scoredBefore = await (await Evaluate(b)).Json();

        var created = await a.Http.PostAsync("/api/roads", new StringContent(
            """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[108.0,38.5],[108.02,38.51]]},"properties":{"code":"TWO-1","road_class":"provincial","status":"completed"}}""",
            Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(created.Headers.Contains(Replicas.Header)); // one host: nothing of replication shows
        var id = (await created.Json()).GetProperty("id").GetInt64();

        var item = await b.Http.GetAsync($"/ogc/collections/roads/items/{id}");
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        var tileAfter = await b.Http.GetAsync("/tiles/roads/6/51/24.pbf");
        Assert.NotEqual(tileBefore.Headers.ETag!.Tag, tileAfter.Headers.ETag!.Tag);
        var (bytesBefore, bytesAfter) = (await tileBefore.Content.ReadAsByteArrayAsync(), await tileAfter.Content.ReadAsByteArrayAsync());
        Assert.True(bytesAfter.Length > bytesBefore.Length, $"tile {bytesBefore.Length} -> {bytesAfter.Length} bytes, {tileAfter.Content.Headers.ContentEncoding.FirstOrDefault()}");
        var scoredAfter = await (await Evaluate(b)).Json();
        Assert.True(scoredAfter.GetProperty("data_version").GetInt64() > scoredBefore.GetProperty("data_version").GetInt64());
    }

    internal static Task<HttpResponseMessage> Evaluate(ServiceProcess s) =>
        s.Http.PostAsync("/api/scoring/evaluate", new StringContent(
            """{"features":{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[108.0,38.49],[108.004,38.49],[108.004,38.493],[108.0,38.493],[108.0,38.49]]]},"properties":{"code":"S1"}}]}}""",
            Encoding.UTF8, "application/json"));

    internal static async Task<AuthenticationHeaderValue> AdminAsync(string db)
    {
        await using var users = Data.Database.CreateDataSource(db, "two-instances-test");
        var token = await Data.Users.UserStore.AddAsync(users, "two-" + Guid.NewGuid().ToString("N")[..6], Data.Users.Roles.Admin, "test", CancellationToken.None);
        return new AuthenticationHeaderValue("Bearer", token);
    }
}
