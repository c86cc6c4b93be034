using System.Text.Json.Nodes;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Infrastructure;

/// <summary>
/// One service with the seeded units (two adjacent banners 150621 | 150622 split at 108.75E, both
/// in city 1506) and a small network whose lines cross that border, loaded through the public
/// import endpoints so the database triggers do the clipping.
/// </summary>
public sealed class InfrastructureFixture : ServiceFixture, IAsyncLifetime
{
    /// <summary>The two banners as the test itself knows them (lon/lat boxes), independent of the stored units.</summary>
    public const string West = "ST_MakeEnvelope(108.0, 38.5, 108.75, 39.25, 4326)";
    public const string East = "ST_MakeEnvelope(108.75, 38.5, 109.5, 39.25, 4326)";

    public long SiteId { get; private set; }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await SeedUnitsAsync();
        await Import("roads",
            Road("R1", "completed", "2016-05-10", "county", "asphalt", (108.5, 38.8), (108.9, 38.85), (109.0, 38.9)),
            Road("R2", "planned", null, "village", "gravel", (108.2, 38.6), (108.3, 38.62)),
            Road("R3", "under_construction", null, "township", "cement", (109.0, 39.0), (109.2, 39.1)),
            Road("R4", "completed", "2015-09-01", "village", "cement", (108.29, 38.69), (108.31, 38.69)));
        await Import("power_lines",
            Power("P1", "completed", "2016-07-01", 110, (108.6, 38.7), (108.9, 38.72)),
            Power("P2", "completed", "2017-03-15", 10, (108.1, 38.55), (108.15, 38.6)),
            Power("P3", "planned", null, 10, (108.28, 38.71), (108.28, 38.72)));
        await Import("wells",
            Well("W1", "completed", "2016-05-20", 108.302, 38.701),
            Well("W2", "planned", null, 109.1, 38.8));
        var site = await PostGeoJson("/api/sites", Geo.Feature(
            Geo.Polygon((108.3, 38.7), (108.304, 38.7), (108.304, 38.703), (108.3, 38.703), (108.3, 38.7)),
            new() { ["code"] = "S1", ["name"] = "新村安置点", ["site_type"] = "centralized", ["capacity_households"] = 28 }));
        site.EnsureSuccessStatusCode();
        SiteId = (await site.Json()).GetProperty("id").GetInt64();
    }

    async Task Import(string collection, params JsonObject[] features) =>
        (await PostGeoJson($"/api/{collection}/import", Geo.Collection(features))).EnsureSuccessStatusCode();

    static Dictionary<string, JsonNode?> Dates(string code, string status, string? completed)
    {
        var p = new Dictionary<string, JsonNode?> { ["code"] = code, ["status"] = status };
        if (completed is not null) { p["started_on"] = "2015-01-01"; p["completed_on"] = completed; }
        return p;
    }

    static JsonObject Road(string code, string status, string? completed, string cls, string surface, params (double, double)[] pts)
    {
        var p = Dates(code, status, completed);
        p["road_class"] = cls;
        p["surface"] = surface;
        return Geo.Feature(Geo.Line(pts), p);
    }

    static JsonObject Power(string code, string status, string? completed, double kv, params (double, double)[] pts)
    {
        var p = Dates(code, status, completed);
        p["voltage_kv"] = kv;
        return Geo.Feature(Geo.Line(pts), p);
    }

    static JsonObject Well(string code, string status, string? completed, double lon, double lat)
    {
        var p = Dates(code, status, completed);
        p["well_type"] = "electromechanical";
        return Geo.Feature(Geo.Point(lon, lat), p);
    }

    /// <summary>Geodesic km computed by PostGIS directly from a stored feature and a box, not from the parts table.</summary>
    public async Task<double> ClippedKmAsync(string table, string codes, string box)
    {
        await using var conn = new NpgsqlConnection(Service.ConnectionString);
        await conn.OpenAsync();
        // table and box are the test's own constants; codes are bound.
        await using var cmd = new NpgsqlCommand(
            $"SELECT coalesce(sum(ST_Length(ST_Intersection(geom, {box})::geography)), 0) / 1000 FROM {table} WHERE code = ANY ($1)", conn);
        cmd.Parameters.AddWithValue(codes.Split(','));
        return (double)(await cmd.ExecuteScalarAsync())!;
    }
}
