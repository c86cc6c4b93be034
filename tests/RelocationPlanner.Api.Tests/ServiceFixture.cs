using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests;

/// <summary>One real service process and fresh database per test class.</summary>
public class ServiceFixture : IAsyncLifetime
{
    public ServiceProcess Service { get; private set; } = null!;
    public HttpClient Http => Service.Http;

    protected virtual IDictionary<string, string>? Environment => null;

    /// <summary>The name of the admin whose token <see cref="Http"/> sends by default.</summary>
    public string AdminName { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        Service = await ServiceProcess.StartAsync(env: Environment);
        // Writes need a token: the default client acts as an admin created straight in the database.
        AdminName = "test-admin-" + Guid.NewGuid().ToString("N")[..8];
        var token = await CreateTokenAsync(AdminName, Data.Users.Roles.Admin);
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Creates a user with the same code path and hashing as `rp users add`; returns the token.</summary>
    public async Task<string> CreateTokenAsync(string name, string role)
    {
        await using var db = Data.Database.CreateDataSource(Service.ConnectionString, "test-fixture");
        return await Data.Users.UserStore.AddAsync(db, name, role, "test-fixture", CancellationToken.None);
    }

    /// <summary>A client for the same service that sends <paramref name="token"/> (or nothing when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var c = new HttpClient { BaseAddress = new Uri(Service.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null) c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    public virtual async Task DisposeAsync() => await Service.DisposeAsync();

    public async Task<long> CountAsync(string table)
    {
        await using var conn = new NpgsqlConnection(Service.ConnectionString);
        await conn.OpenAsync();
        // Table names come from the test's own constants.
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {table}", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public Task<HttpResponseMessage> PostGeoJson(string path, JsonNode body) =>
        Http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/geo+json"));

    /// <summary>Creates the province/city/banner units the other collections refer to.</summary>
    public async Task SeedUnitsAsync()
    {
        var r = await PostGeoJson("/api/admin_units/import", Geo.Collection(
            Geo.Feature(Geo.Square(108.0, 38.5, 1.5), new() { ["code"] = "15", ["name"] = "内蒙古自治区", ["level"] = "province" }),
            Geo.Feature(Geo.Square(108.0, 38.5, 1.5), new() { ["code"] = "1506", ["name"] = "鄂尔多斯市", ["level"] = "city", ["parent_code"] = "15" }),
            Geo.Feature(Geo.Square(108.0, 38.5, 0.75), new() { ["code"] = "150621", ["name"] = "达拉特旗", ["level"] = "county", ["parent_code"] = "1506" }),
            Geo.Feature(Geo.Square(108.75, 38.5, 0.75), new() { ["code"] = "150622", ["name"] = "准格尔旗", ["level"] = "county", ["parent_code"] = "1506" })));
        r.EnsureSuccessStatusCode();
    }
}

/// <summary>Small GeoJSON builders for tests (lon/lat degrees).</summary>
public static class Geo
{
    public static JsonObject Feature(JsonNode? geometry, Dictionary<string, JsonNode?> props) =>
        new() { ["type"] = "Feature", ["geometry"] = geometry, ["properties"] = new JsonObject(props.ToArray()) };

    public static JsonObject Collection(params JsonObject[] features) =>
        new() { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features.Select(f => (JsonNode)f.DeepClone()).ToArray()) };

    public static JsonObject Point(double lon, double lat) =>
        new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };

    public static JsonObject Line(params (double Lon, double Lat)[] pts) =>
        new() { ["type"] = "LineString", ["coordinates"] = new JsonArray(pts.Select(p => (JsonNode)new JsonArray(p.Lon, p.Lat)).ToArray()) };

    public static JsonObject Polygon(params (double Lon, double Lat)[] ring) =>
        new() { ["type"] = "Polygon", ["coordinates"] = new JsonArray(new JsonArray(ring.Select(p => (JsonNode)new JsonArray(p.Lon, p.Lat)).ToArray())) };

    /// <summary>An axis-aligned square polygon with its south-west corner at (lon, lat).</summary>
    public static JsonObject Square(double lon, double lat, double size) =>
        Polygon((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat));

    public static async Task<JsonElement> Json(this HttpResponseMessage r) =>
        (await r.Content.ReadFromJsonAsync<JsonElement>());
}
