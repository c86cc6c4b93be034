using System.Text.Json;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>OGC links never echo a Host header that is not allowed; RP_PUBLIC_URL wins over any.</summary>
public class PublicLinksTests
{
    static readonly string[] Pages = ["/ogc", "/ogc/collections", "/ogc/collections/roads", "/ogc/collections/admin_units/items?limit=1", "/ogc/tiles/WebMercatorQuad", "/ogc/collections/roads/tiles"];

    static async Task<List<string>> Links(ServiceFixture f, string path, string? host)
    {
        using var m = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null) m.Headers.Host = host;
        var r = await f.Http.SendAsync(m);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode}");
        var hrefs = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
                foreach (var p in e.EnumerateObject())
                    if (p.Name == "href") hrefs.Add(p.Value.GetString()!); else Walk(p.Value);
            else if (e.ValueKind == JsonValueKind.Array)
                foreach (var x in e.EnumerateArray()) Walk(x);
        }
        Walk(await r.Json());
        Assert.NotEmpty(hrefs);
        return hrefs;
    }

    public class Default(Default.Fixture f) : IClassFixture<Default.Fixture>
    {
        public sealed class Fixture : ServiceFixture
        {
            public override async Task InitializeAsync()
            {
                await base.InitializeAsync();
                await SeedUnitsAsync();
            }
        }

        [Fact]
        public async Task A_forged_host_is_never_echoed_and_loopback_names_are()
        {
            var port = new Uri(f.Service.BaseUrl).Port;
            foreach (var page in Pages)
            {
                Assert.All(await Links(f, page, "evil.example"), h => Assert.StartsWith($"http://127.0.0.1:{port}/", h));
                Assert.All(await Links(f, page, $"evil.example:{port}"), h => Assert.DoesNotContain("evil", h));
                Assert.All(await Links(f, page, $"localhost:{port}"), h => Assert.StartsWith($"http://localhost:{port}/", h));
            }
        }
    }

    public class Configured(Configured.Fixture f) : IClassFixture<Configured.Fixture>
    {
        public sealed class Fixture : ServiceFixture
        {
            protected override IDictionary<string, string>? Environment => new Dictionary<string, string>
            {
                ["RP_PUBLIC_URL"] = "https://gis.example.org/relocation/",
            };
        }

        [Fact]
        public async Task RP_PUBLIC_URL_is_the_base_of_every_link()
        {
            foreach (var page in Pages.Take(3))
                foreach (var host in new string?[] { null, "evil.example", "localhost" })
                    Assert.All(await Links(f, page, host), h => Assert.StartsWith("https://gis.example.org/relocation/", h));
            Assert.Contains("https://gis.example.org/relocation/ogc/api", await Links(f, "/ogc", "evil.example"));
            Assert.Contains("https://gis.example.org/relocation/api/map/style.json", await Links(f, "/ogc", "evil.example"));
        }
    }

    public class Allowed(Allowed.Fixture f) : IClassFixture<Allowed.Fixture>
    {
        public sealed class Fixture : ServiceFixture
        {
            protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["RP_ALLOWED_HOSTS"] = "gis.example.org, 127.0.0.1" };
        }

        [Fact]
        public async Task Hosts_in_RP_ALLOWED_HOSTS_are_used_and_others_are_not()
        {
            Assert.All(await Links(f, "/ogc", "gis.example.org:8443"), h => Assert.StartsWith("http://gis.example.org:8443/", h));
            Assert.All(await Links(f, "/ogc", "localhost"), h => Assert.DoesNotContain("localhost", h));
            Assert.All(await Links(f, "/ogc", "evil.example"), h => Assert.DoesNotContain("evil", h));
        }
    }
}
