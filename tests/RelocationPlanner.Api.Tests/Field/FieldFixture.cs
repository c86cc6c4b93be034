using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Tests.Registry;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Tests.Field;

[CollectionDefinition(Name)]
public sealed class FieldCollection : ICollectionFixture<FieldFixture>
{
    public const string Name = "field";
}

/// <summary>
/// One service for the field tests: Dalad (150621) with sites S-D1 and S-D2 and village V-D1,
/// Jungar (150622) with site S-J1 and village V-J1; 60 households in Dalad (30 per site, from
/// V-D1) and 40 in Jungar, about half of them settled; an officer, a second officer and a planner.
/// </summary>
public class FieldFixture : RegistryFixture
{
    /// <summary>Site S-D1: a 0.01-degree square with its south-west corner here.</summary>
    public const double SiteLon = 108.30, SiteLat = 38.80;
    public const double VillageLon = 108.20, VillageLat = 38.70;

    public HttpClient Officer { get; private set; } = null!;
    public HttpClient OtherOfficer { get; private set; } = null!;
    public HttpClient Planner { get; private set; } = null!;
    public string OfficerName { get; } = "li.officer-" + Guid.NewGuid().ToString("N")[..6];

    protected override async Task SeedAsync()
    {
        (await PostGeoJson("/api/sites/import?background=false", Geo.Collection(
            Geo.Feature(Geo.Square(SiteLon, SiteLat, 0.01), new() { ["code"] = "S-D1", ["name"] = "新村一", ["site_type"] = "centralized", ["capacity_households"] = 40, ["unit_code"] = "150621" }),
            Geo.Feature(Geo.Square(108.50, 39.00, 0.01), new() { ["code"] = "S-D2", ["name"] = "新村二", ["site_type"] = "centralized", ["capacity_households"] = 40, ["unit_code"] = "150621" }),
            Geo.Feature(Geo.Square(109.00, 38.90, 0.01), new() { ["code"] = "S-J1", ["name"] = "准格尔新村", ["site_type"] = "centralized", ["capacity_households"] = 50, ["unit_code"] = "150622" })))).EnsureSuccessStatusCode();
        (await PostGeoJson("/api/settlements/import?background=false", Geo.Collection(
            Geo.Feature(Geo.Point(VillageLon, VillageLat), new() { ["code"] = "V-D1", ["name"] = "老村", ["unit_code"] = "150621", ["population"] = 300, ["households"] = 100 }),
            Geo.Feature(Geo.Point(109.20, 39.10), new() { ["code"] = "V-J1", ["name"] = "老营子", ["unit_code"] = "150622", ["population"] = 200, ["households"] = 60 })))).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/api/roads", Geo.Feature(Geo.Line((108.25, 38.75), (108.35, 38.85)), new() { ["code"] = "R-1", ["road_class"] = "county", ["status"] = "completed" }))).EnsureSuccessStatusCode();

        var csv = new StringBuilder(CsvHeader + "\n");
        for (var i = 1; i <= 100; i++)
        {
            var (county, village, site) = i <= 60 ? ("150621", "V-D1", i <= 30 ? "S-D1" : "S-D2") : ("150622", "V-J1", "S-J1");
            // Every third household claimed its keys, every sixth also moved in.
            var keys = i % 3 == 0 ? "2017-06-01" : "";
            var moved = i % 6 == 0 ? "2017-07-01" : "";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"FW{i:000},户主{i},3,{county},{village},{site},centralized,2016-03-01,{keys},{moved}\n");
        }
        (await PostCsv(csv.ToString())).EnsureSuccessStatusCode();

        Officer = ClientWith(await CreateTokenAsync(OfficerName, Roles.RelocationOfficer));
        OtherOfficer = ClientWith(await CreateTokenAsync("wang.officer-" + Guid.NewGuid().ToString("N")[..6], Roles.RelocationOfficer));
        Planner = ClientWith(await CreateTokenAsync("zhao.planner-" + Guid.NewGuid().ToString("N")[..6], Roles.Planner));
    }

    public override async Task DisposeAsync()
    {
        Officer?.Dispose();
        OtherOfficer?.Dispose();
        Planner?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A package made by <paramref name="client"/>; its document.</summary>
    public static async Task<JsonElement> PackageAsync(HttpClient client, object scope)
    {
        var r = await client.PostAsJsonAsync("/api/field/packages", scope);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return await r.Json();
    }

    /// <summary>Sends one change with an Idempotency-Key; the body is sent exactly as given.</summary>
    public static Task<HttpResponseMessage> SendChange(HttpClient client, string key, string json)
    {
        var m = new HttpRequestMessage(HttpMethod.Post, "/api/field/changes") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        m.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(m);
    }

    public static string Change(long package, string code, int baseVersion, string step, string date, double lon = SiteLon + 0.005, double lat = SiteLat + 0.005) =>
        JsonSerializer.Serialize(new
        {
            package_id = package,
            household_code = code,
            base_version = baseVersion,
            kind = "milestone",
            step,
            date,
            lon,
            lat,
            accuracy_m = 12.5,
            recorded_at = "2026-11-30T02:00:00Z",
            device = "test-phone",
        });

    public static async Task<int> VersionAsync(HttpClient client, string code) =>
        (await (await client.GetAsync($"/api/households/{code}")).Json()).GetProperty("version").GetInt32();

    public async Task<long> ScalarLongAsync(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Rows of the tables a refused field request must leave alone, in one figure.</summary>
    public Task<long> FieldRowsAsync() => ScalarLongAsync(
        "SELECT (SELECT count(*) FROM field_changes) + (SELECT count(*) FROM field_conflicts) + (SELECT count(*) FROM idempotency_keys) + (SELECT count(*) FROM evidence) + (SELECT count(*) FROM milestones) + (SELECT count(*) FROM inspection_results)");

    public static MediaTypeHeaderValue Json => new("application/json");
}
