using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Tests.Auth;

/// <summary>A service with one user (and client) per role, plus an anonymous client.</summary>
public class AuthFixture : ServiceFixture
{
    public Dictionary<string, HttpClient> Clients { get; } = [];
    public Dictionary<string, string> Names { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var role in Roles.All)
        {
            var name = $"{role.Replace('_', '-')}-{Guid.NewGuid():N}"[..24];
            Names[role] = name;
            Clients[role] = ClientWith(await CreateTokenAsync(name, role));
        }
        Clients["none"] = ClientWith(null);
        await SeedUnitsAsync();
    }

    /// <summary>A valid feature of each collection, with a fresh code.</summary>
    public static JsonObject Sample(string collection, string code) => collection switch
    {
        "admin_units" => Geo.Feature(Geo.Square(100, 30, 0.5), new() { ["code"] = code, ["name"] = "测试省", ["level"] = "province" }),
        "towns" => Geo.Feature(Geo.Point(108.3, 38.8), new() { ["code"] = code, ["name"] = "树林召镇", ["town_level"] = "township", ["population"] = 5000 }),
        "settlements" => Geo.Feature(Geo.Point(108.3, 38.8), new() { ["code"] = code, ["name"] = "老村", ["population"] = 120, ["households"] = 40 }),
        "sites" => Geo.Feature(Geo.Polygon((108.2, 38.7), (108.204, 38.7), (108.204, 38.703), (108.2, 38.703), (108.2, 38.7)),
            new() { ["code"] = code, ["name"] = "新村安置点", ["site_type"] = "centralized", ["capacity_households"] = 28 }),
        "roads" => Geo.Feature(Geo.Line((108.1, 38.6), (108.2, 38.65)), new() { ["code"] = code, ["road_class"] = "county", ["status"] = "completed" }),
        "wells" => Geo.Feature(Geo.Point(108.31, 38.81), new() { ["code"] = code, ["well_type"] = "electromechanical", ["status"] = "planned" }),
        "power_lines" => Geo.Feature(Geo.Line((108.1, 38.6), (108.3, 38.7)), new() { ["code"] = code, ["voltage_kv"] = 10, ["status"] = "planned" }),
        _ => throw new ArgumentOutOfRangeException(nameof(collection)),
    };

    public static StringContent Body(JsonNode json) => new(json.ToJsonString(), Encoding.UTF8, "application/geo+json");

    public static HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null, string? ifMatch = null)
    {
        var m = new HttpRequestMessage(method, path) { Content = body is null ? null : Body(body) };
        if (ifMatch is not null) m.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return m;
    }

    public static string NewCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
