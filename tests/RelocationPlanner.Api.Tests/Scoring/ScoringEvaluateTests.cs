using System.Text.Json.Nodes;
using static RelocationPlanner.Api.Tests.Scoring.ScoringFixture;

namespace RelocationPlanner.Api.Tests.Scoring;

/// <summary>
/// Distances and scores through POST /api/scoring/evaluate against PostGIS geography on data
/// built here. Each test works in its own area (about 1 degree apart) so they do not interfere.
/// </summary>
public class ScoringEvaluateTests(ScoringFixture f) : IClassFixture<ScoringFixture>
{
    [Fact]
    public async Task Distances_agree_with_postgis_geography_for_points_and_polygons()
    {
        await f.ImportAsync("roads",
            Road("D-R1", "completed", (107.00, 38.00), (107.05, 38.03), (107.12, 38.02)),
            Road("D-R2", "completed", (107.20, 38.10), (107.21, 38.25)),
            Road("D-R3", "planned", (107.08, 38.08), (107.09, 38.09)));
        await f.ImportAsync("wells", Well("D-W1", 107.03, 38.07), Well("D-W2", 107.18, 38.15), Well("D-W3", 107.07, 38.06, "planned"));
        await f.ImportAsync("power_lines", Power("D-P1", 10, (107.00, 38.20), (107.15, 38.20)), Power("D-P2", 35, (107.25, 38.00), (107.30, 38.10)));
        await f.ImportAsync("towns", Town("D-T1", 107.10, 38.15), Town("D-T2", 107.28, 38.02, "county_seat"));

        var sites = new (string Code, JsonObject Geometry, string Wkt)[]
        {
            ("p1", Geo.Point(107.06, 38.06), "POINT(107.06 38.06)"),
            ("p2", Geo.Point(107.23, 38.12), "POINT(107.23 38.12)"),
            ("p3", Geo.Point(107.005, 38.19), "POINT(107.005 38.19)"),
            ("poly", Geo.Square(107.13, 38.05, 0.02), "POLYGON((107.13 38.05,107.15 38.05,107.15 38.07,107.13 38.07,107.13 38.05))"),
            // Crosses road D-R2: distance 0 from the polygon, not from its centroid.
            ("touch", Geo.Square(107.19, 38.14, 0.02), "POLYGON((107.19 38.14,107.21 38.14,107.21 38.16,107.19 38.16,107.19 38.14))"),
        };
        var json = await OkJson(await f.EvaluateAsync("default", sites.Select(s => Candidate(s.Code, s.Geometry)).ToArray()));
        var results = json.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(sites.Select(s => s.Code), results.Select(r => r.GetProperty("code").GetString()));

        var layers = new[] { ("road", "roads", "status = 'completed'"), ("water", "wells", "status = 'completed'"),
            ("power", "power_lines", "status = 'completed'"), ("town", "towns", "true") };
        for (int i = 0; i < sites.Length; i++)
        {
            foreach (var (criterion, table, filter) in layers)
            {
                var expected = await f.ScalarAsync(
                    $"SELECT min(ST_Distance(geom::geography, ST_GeomFromText($1, 4326)::geography)) FROM {table} WHERE {filter}", sites[i].Wkt);
                var actual = Distance(results[i], criterion);
                Assert.NotNull(expected);
                Assert.NotNull(actual);
                Assert.True(Math.Abs(actual!.Value - expected!.Value) <= Math.Max(1, 0.005 * expected.Value),
                    $"{sites[i].Code} {criterion}: api {actual} vs PostGIS {expected}");
            }
        }
        Assert.Equal(0, Distance(results[4], "road"));
        Assert.InRange(results[0].GetProperty("score").GetDouble(), 0, 100);
    }

    [Fact]
    public async Task A_newly_completed_road_changes_the_next_score()
    {
        await f.ImportAsync("wells", Well("N-W1", 109.70, 39.70));
        await f.ImportAsync("towns", Town("N-T1", 109.72, 39.72));
        var site = Candidate("n", Geo.Point(109.70, 39.701));
        var before = (await OkJson(await f.EvaluateAsync("default", site))).GetProperty("results")[0];

        // A planned road next to the site gives no access by default.
        var planned = await f.PostGeoJson("/api/roads", Road("N-R1", "planned", (109.69, 39.7015), (109.71, 39.7015)));
        Assert.True(planned.IsSuccessStatusCode, await planned.Content.ReadAsStringAsync());
        var afterPlanned = (await OkJson(await f.EvaluateAsync("default", site))).GetProperty("results")[0];
        Assert.Equal(Distance(before, "road"), Distance(afterPlanned, "road"));

        var completed = await f.PostGeoJson("/api/roads", Road("N-R2", "completed", (109.69, 39.7012), (109.71, 39.7012)));
        Assert.True(completed.IsSuccessStatusCode, await completed.Content.ReadAsStringAsync());
        var after = (await OkJson(await f.EvaluateAsync("default", site))).GetProperty("results")[0];
        Assert.InRange(Distance(after, "road")!.Value, 20, 24); // 0.0002 degrees of latitude: about 22 m
        Assert.True(after.GetProperty("score").GetDouble() > before.GetProperty("score").GetDouble());

        // A profile counting planned roads sees the planned one (0.0005 degrees: about 55 m) as well.
        var future = DefaultWith(p => p["include_planned"] = true);
        var f2 = (await OkJson(await f.EvaluateAsync(future, site))).GetProperty("results")[0];
        Assert.InRange(Distance(f2, "road")!.Value, 20, 24);
    }

    [Fact]
    public async Task Network_distance_on_a_hand_made_graph_follows_the_roads()
    {
        // An L of two roads A(108.5, 37.8) - B(108.6, 37.8) - C(108.6, 37.9); the only town sits at C.
        await f.ImportAsync("roads",
            Road("G-AB", "completed", (108.5, 37.8), (108.6, 37.8)),
            Road("G-BC", "completed", (108.6, 37.8), (108.6, 37.9)));
        await f.ImportAsync("towns", Town("G-T", 108.6, 37.9));
        var profile = DefaultWith(p => p["criteria"]![3]!["use_network_distance"] = true);
        var json = await OkJson(await f.EvaluateAsync(profile, Candidate("g", Geo.Point(108.5, 37.799))));
        var result = json.GetProperty("results")[0];

        // Straight leg to A (the site is just south of A), then A-B and B-C along the roads.
        var expected = await f.ScalarAsync("""
            SELECT ST_Distance('SRID=4326;POINT(108.5 37.799)'::geography, 'SRID=4326;POINT(108.5 37.8)'::geography)
                 + ST_Length('SRID=4326;LINESTRING(108.5 37.8, 108.6 37.8)'::geography)
                 + ST_Length('SRID=4326;LINESTRING(108.6 37.8, 108.6 37.9)'::geography)
            """);
        var network = Distance(result, "town", "network_distance_m");
        Assert.NotNull(network);
        Assert.True(Math.Abs(network!.Value - expected!.Value) <= 1, $"network {network} vs expected {expected}");
        Assert.True(network > Distance(result, "town")); // the road detour is longer than the straight line
        // Without use_network_distance no network distance is reported.
        var plain = (await OkJson(await f.EvaluateAsync("default", Candidate("g", Geo.Point(108.5, 37.799))))).GetProperty("results")[0];
        Assert.Null(Distance(plain, "town", "network_distance_m"));
    }

    [Fact]
    public async Task Sites_in_exclusion_zones_are_excluded_with_the_reason()
    {
        var zone = Geo.Feature(Geo.Square(110.5, 40.5, 0.1), new() { ["code"] = "Z-R1", ["name"] = "Wetland reserve", ["kind"] = "reserve" });
        var created = await f.PostJson("/api/scoring/exclusion_zones", zone);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var profile = DefaultWith(p => p["exclusion_zones"] = new JsonArray(
            new JsonObject { ["name"] = "reserves", ["kind"] = "reserve" },
            new JsonObject { ["name"] = "Flood plain", ["kind"] = "hazard", ["wkt"] = "POLYGON((110.7 40.5,110.8 40.5,110.8 40.6,110.7 40.6,110.7 40.5))" }));
        var json = await OkJson(await f.EvaluateAsync(profile,
            Candidate("in-reserve", Geo.Point(110.55, 40.55)),
            Candidate("in-hazard", Geo.Square(110.75, 40.55, 0.01)),
            Candidate("outside", Geo.Point(110.65, 40.55))));
        var r = json.GetProperty("results").EnumerateArray().ToArray();
        Assert.True(r[0].GetProperty("excluded").GetBoolean());
        Assert.Contains(r[0].GetProperty("reasons").EnumerateArray(), x => x.GetString()!.Contains("Wetland reserve"));
        Assert.Equal(0, r[0].GetProperty("score").GetDouble());
        Assert.True(r[1].GetProperty("excluded").GetBoolean());
        Assert.Contains(r[1].GetProperty("reasons").EnumerateArray(), x => x.GetString()!.Contains("Flood plain"));
        Assert.False(r[2].GetProperty("excluded").GetBoolean());

        // The default profile names no zones: the same site is not excluded there.
        var d = await OkJson(await f.EvaluateAsync("default", Candidate("in-reserve", Geo.Point(110.55, 40.55))));
        Assert.False(d.GetProperty("results")[0].GetProperty("excluded").GetBoolean());
    }
}
