using System.Net;

namespace RelocationPlanner.Api.Tests.Replication;

/// <summary>
/// The documented manual failover (docs/deployment.md): the primary stops, the standby is promoted
/// (pg_promote()), and writes come back through the same instances, which find the new primary
/// themselves. Run last by tools/test-cluster: the cluster has no standby afterwards.
/// </summary>
[Trait("Category", "ClusterFailover")]
[Collection("local cluster")]
public class ClusterFailoverTests
{
    [ClusterFact]
    public async Task Promoting_the_standby_after_the_primary_stops_brings_writes_back()
    {
        var c = LocalCluster.Read();
        var auth = await TwoInstancesTests.AdminAsync(Data.Database.ToConnectionString(c["OWNER"]));
        using var lb = c.Client("LB", auth);
        Assert.Equal(HttpStatusCode.Created, (await lb.PostAsync("/api/sites", ClusterTests.Site("FO-before-" + Guid.NewGuid().ToString("N")[..6]))).StatusCode);

        await LocalCluster.ToolAsync("pg", "stop", c["PRIMARY_DIR"]);
        Assert.Equal(true, await c.SqlAsync("STANDBY", "SELECT pg_promote(wait => true)"));
        Assert.Equal(false, await c.SqlAsync("STANDBY", "SELECT pg_is_in_recovery()"));

        // The instances find the new primary within Npgsql's host recheck and HAProxy's health checks.
        var code = "FO-after-" + Guid.NewGuid().ToString("N")[..6];
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpResponseMessage r;
        while ((r = await lb.PostAsync("/api/sites", ClusterTests.Site(code))).StatusCode != HttpStatusCode.Created)
        {
            Assert.True(DateTime.UtcNow < deadline, $"writes did not come back: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
        var item = $"/ogc/collections/sites/items/{(await r.Json()).GetProperty("id").GetInt64()}";
        foreach (var which in new[] { "A", "B" })
        {
            using var client = c.Client(which, auth);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(item)).StatusCode);
        }
    }
}
