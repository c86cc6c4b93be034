using System.Net;
using System.Text;
using System.Text.Json;

namespace RelocationPlanner.Api.Tests.Auth;

/// <summary>Injection-shaped values in every query parameter and path segment, and oversized bodies.</summary>
public class HardeningTests(AuthFixture f) : IClassFixture<AuthFixture>
{
    /// <summary>Values no parameter of ours accepts (each has a character or shape outside every valid form).</summary>
    static readonly string[] Hostile =
    [
        "' OR 1=1--", "1; DROP TABLE sites;--", "1' UNION SELECT token_hash FROM api_tokens--", "\0", "1\0",
        "<script>alert(1)</script>", "../../etc/passwd", "${jndi:ldap://x/a}", "%ff%fe", "١٢٣", "1,2,3,4'",
        "NaN,NaN,NaN,NaN", "1e999,0,2,3", "-1", "+99999999999999999999999", "\u202e1", " 1", new string('9', 3000),
        "1);SELECT pg_sleep(10);--", "(SELECT 1)", "\"\\\"", "$1",
    ];

    /// <summary>Parameters read from the raw query (not visible in the OpenAPI document) with their endpoint.</summary>
    static readonly (string Path, string Param)[] Known =
    [
        ("/ogc/collections/sites/items", "bbox"), ("/ogc/collections/sites/items", "limit"),
        ("/ogc/collections/sites/items", "after"), ("/ogc/collections/sites/items", "bbox-crs"),
        ("/ogc/collections/roads/items", "bbox"),
        ("/api/audit", "entity"), ("/api/audit", "id"), ("/api/audit", "user"), ("/api/audit", "since"), ("/api/audit", "limit"),
    ];

    [Fact]
    public async Task Hostile_values_in_known_query_parameters_are_400_problems()
    {
        var failures = new List<string>();
        foreach (var (path, param) in Known)
            foreach (var value in Hostile)
            {
                var url = $"{path}?{param}={Uri.EscapeDataString(value)}";
                var r = await f.Http.GetAsync(url);
                var body = await r.Content.ReadAsStringAsync();
                if (r.StatusCode != HttpStatusCode.BadRequest || r.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{url} -> {(int)r.StatusCode} {Trim(body)}");
                else if (JsonDocument.Parse(body).RootElement.GetProperty("field").GetString() != param)
                    failures.Add($"{url} -> 400 naming another field: {Trim(body)}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Every GET route in the OpenAPI document (so endpoints added later are swept too): each query
    /// parameter and each path segment gets every hostile value. Nothing may answer 5xx or leak a stack trace.
    /// </summary>
    [Fact]
    public async Task No_hostile_value_in_any_documented_parameter_causes_a_5xx()
    {
        var doc = await (await f.Http.GetAsync("/openapi/v1.json")).Json();
        var failures = new List<string>();
        var swept = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var parameters = get.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().ToList() : [];
            var pathParams = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList();
            var queryParams = parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList();
            foreach (var value in Hostile)
            {
                foreach (var q in queryParams)
                    await Probe(Fill(path.Name, pathParams, null, null) + $"?{q}={Uri.EscapeDataString(value)}");
                foreach (var p in pathParams)
                    await Probe(Fill(path.Name, pathParams, p, value));
            }
        }
        Assert.True(swept > 50, $"only {swept} probes: is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        async Task Probe(string url)
        {
            swept++;
            var r = await f.Http.GetAsync(url);
            var body = await r.Content.ReadAsStringAsync();
            if ((int)r.StatusCode >= 500 || body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
                failures.Add($"{url} -> {(int)r.StatusCode} {Trim(body)}");
        }
    }

    /// <summary>A template path with plausible values, and <paramref name="hostile"/> in one segment.</summary>
    static string Fill(string template, List<string> names, string? target, string? hostile)
    {
        var s = template;
        foreach (var n in names)
        {
            var v = n == target ? Uri.EscapeDataString(hostile!)
                : n.Contains("collection", StringComparison.OrdinalIgnoreCase) ? "sites"
                : n is "z" or "x" or "y" ? "0" : "1";
            s = s.Replace("{" + n + "}", v, StringComparison.Ordinal);
        }
        return s;
    }

    [Fact]
    public async Task Hostile_path_segments_on_writes_are_refused_without_a_5xx()
    {
        foreach (var value in Hostile)
        {
            var seg = Uri.EscapeDataString(value);
            foreach (var m in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
            {
                var r = await f.Http.SendAsync(AuthFixture.Request(m, $"/api/{seg}/1", AuthFixture.Sample("sites", "X")));
                Assert.True((int)r.StatusCode is >= 400 and < 500, $"{m} /api/{seg}/1 -> {(int)r.StatusCode}");
                var s = await f.Http.SendAsync(AuthFixture.Request(m, $"/api/sites/{seg}", AuthFixture.Sample("sites", "X")));
                Assert.True((int)s.StatusCode is >= 400 and < 500, $"{m} /api/sites/{seg} -> {(int)s.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task A_feature_over_16_MB_is_413_and_stores_nothing()
    {
        var before = await f.CountAsync("sites");
        var sb = new StringBuilder("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[108.2,38.7]},\"properties\":{\"code\":\"BIG\",\"name\":\"");
        sb.Append('x', 17 * 1024 * 1024).Append("\",\"site_type\":\"separate\",\"separate_kind\":\"self_built\"}}");
        // Expect: 100-continue lets the service refuse on Content-Length before the body is sent.
        var big = new HttpRequestMessage(HttpMethod.Post, "/api/sites") { Content = new StringContent(sb.ToString(), Encoding.UTF8, "application/geo+json") };
        big.Headers.ExpectContinue = true;
        var r = await f.Http.SendAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, await f.CountAsync("sites"));

        // Without a token the body is never read: 401 first.
        var anonBig = new HttpRequestMessage(HttpMethod.Post, "/api/sites") { Content = new StringContent(sb.ToString(), Encoding.UTF8, "application/geo+json") };
        anonBig.Headers.ExpectContinue = true;
        var anon = await f.Clients["none"].SendAsync(anonBig);
        Assert.Equal(HttpStatusCode.Unauthorized, anon.StatusCode);
    }

    [Fact]
    public async Task Injection_shaped_property_values_are_stored_as_plain_text()
    {
        var evil = "x'); DELETE FROM sites; --";
        var site = AuthFixture.Sample("sites", AuthFixture.NewCode("inj"));
        site["properties"]!["name"] = evil;
        var before = await f.CountAsync("sites");
        var r = await f.Http.SendAsync(AuthFixture.Request(HttpMethod.Post, "/api/sites", site));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal(before + 1, await f.CountAsync("sites"));
        var item = await (await f.Http.GetAsync(r.Headers.Location)).Json();
        Assert.Equal(evil, item.GetProperty("properties").GetProperty("name").GetString());
    }

    static string Trim(string s) => s.Length > 300 ? s[..300] + "..." : s;
}
