using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Scoring;

/// <summary>One service per scoring test class, without the recurring rescoring check (tests start runs themselves).</summary>
public class ScoringFixture : ServiceFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["RP_SCORING_CHECK_SECONDS"] = "0" };

    public static JsonObject Road(string code, string status, params (double, double)[] pts) =>
        Geo.Feature(Geo.Line(pts), new() { ["code"] = code, ["road_class"] = "county", ["status"] = status });

    public static JsonObject Well(string code, double lon, double lat, string status = "completed") =>
        Geo.Feature(Geo.Point(lon, lat), new() { ["code"] = code, ["well_type"] = "electromechanical", ["status"] = status });

    public static JsonObject Power(string code, double kv, params (double, double)[] pts) =>
        Geo.Feature(Geo.Line(pts), new() { ["code"] = code, ["voltage_kv"] = kv, ["status"] = "completed" });

    public static JsonObject Town(string code, double lon, double lat, string level = "township") =>
        Geo.Feature(Geo.Point(lon, lat), new() { ["code"] = code, ["name"] = code, ["town_level"] = level });

    public static JsonObject Candidate(string code, JsonObject geometry) => Geo.Feature(geometry, new() { ["code"] = code });

    public async Task ImportAsync(string collection, params JsonObject[] features)
    {
        var r = await PostGeoJson($"/api/{collection}/import", Geo.Collection(features));
        Assert.True(r.IsSuccessStatusCode, $"{collection} import: {await r.Content.ReadAsStringAsync()}");
    }

    public Task<HttpResponseMessage> EvaluateAsync(JsonNode profile, params JsonObject[] candidates) =>
        PostJson("/api/scoring/evaluate", new JsonObject { ["profile"] = profile, ["features"] = Geo.Collection(candidates) });

    public Task<HttpResponseMessage> PostJson(string path, JsonNode body) =>
        Http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Distance in metres from a criterion of a result, or null.</summary>
    public static double? Distance(JsonElement result, string criterion, string field = "distance_m")
    {
        foreach (var c in result.GetProperty("criteria").EnumerateArray())
        {
            if (c.GetProperty("criterion").GetString() != criterion) continue;
            return c.TryGetProperty(field, out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : null;
        }
        return null;
    }

    /// <summary>A number from the test database (the test's own SQL, values bound).</summary>
    public async Task<double?> ScalarAsync(string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.AddWithValue(v);
        return await cmd.ExecuteScalarAsync() is double d ? d : null;
    }

    public static async Task<JsonElement> OkJson(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> ProblemJson(HttpResponseMessage r, int status = 400)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"expected {status}, got {(int)r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task<JsonElement> GetJson(string path) => await OkJson(await Http.GetAsync(path));

    public static JsonNode DefaultWith(Action<JsonObject> change)
    {
        var p = JsonNode.Parse("""
        {"code":"t","name":"test","criteria":[
          {"criterion":"road","weight":0.3,"function":{"type":"linear","full_m":500,"zero_m":5000}},
          {"criterion":"water","weight":0.25,"function":{"type":"linear","full_m":1000,"zero_m":5000}},
          {"criterion":"power","weight":0.2,"function":{"type":"linear","full_m":1000,"zero_m":10000}},
          {"criterion":"town","weight":0.25,"function":{"type":"linear","full_m":5000,"zero_m":30000}}]}
        """)!.AsObject();
        change(p);
        return p;
    }

    public Task<HttpResponseMessage> Get(string path) => Http.GetAsync(path);

    public Task<T?> GetFromJson<T>(string path) => Http.GetFromJsonAsync<T>(path);
}
