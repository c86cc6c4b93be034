using System.Text.Json;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

public class ScoringProfileTests
{
    [Fact]
    public void Default_profile_is_valid_and_weights_sum_to_one()
    {
        Assert.Empty(ScoringProfile.Default.Validate());
        Assert.Equal(1.0, ScoringProfile.Default.ResolveWeights().Values.Sum(), 12);
        Assert.Equal(["completed"], ScoringProfile.Default.StatusesFor("road"));
    }

    [Fact]
    public void Reads_snake_case_json_from_a_request_body()
    {
        const string json = """
            {"code":"future","version":3,"name":"With planned roads","include_planned":true,
             "criteria":[
               {"criterion":"road","weight":2,"function":{"type":"threshold","threshold_m":800},"road_classes":["county"]},
               {"criterion":"town","weight":1,"function":{"type":"linear","full_m":5000,"zero_m":30000},
                "use_network_distance":true,"max_distance_m":50000,"statuses":["completed"]}],
             "exclusion_zones":[{"name":"Flood plain","kind":"hazard","wkt":"POLYGON((0 0,1 0,1 1,0 1,0 0))"}],
             "min_distances":[{"layer":"settlements","min_m":2000}]}
            """;
        var p = JsonSerializer.Deserialize<ScoringProfile>(json)!;
        Assert.Empty(p.Validate());
        Assert.Equal(3, p.Version);
        Assert.Equal(800, p.Get("road")!.Function.ThresholdM);
        Assert.True(p.Get("town")!.UseNetworkDistance);
        Assert.Equal(InfrastructureStatus.All, p.StatusesFor("road"));
        Assert.Equal(["completed"], p.StatusesFor("town"));
        var back = JsonSerializer.Serialize(p);
        Assert.Contains("\"max_distance_m\":50000", back);
        Assert.Contains("\"min_m\":2000", back);
    }

    [Fact]
    public void Validation_reports_paths_for_each_problem()
    {
        var p = new ScoringProfile
        {
            Code = "",
            Criteria =
            [
                new() { Criterion = "school", Weight = 1, Function = ValueFunction.LinearDecay(0, 1) },
                new() { Criterion = "road", Weight = -1, Function = ValueFunction.LinearDecay(-5, 10), MinVoltageKv = 10 },
                new() { Criterion = "water", Weight = 1, Function = ValueFunction.LinearDecay(100, 50), Statuses = ["dreamt"] },
                new() { Criterion = "water", Weight = 1, Function = ValueFunction.Step(10) },
            ],
            ExclusionZones = [new() { Name = "x", Kind = "volcano", Wkt = "POLYGON((0 0, 1" }],
            MinDistances = [new() { Layer = "settlements", MinM = -1 }],
        };
        var paths = p.Validate().Select(e => e.Path).ToHashSet();
        string[] expected =
        [
            "code", "criteria[0].criterion", "criteria[1].weight", "criteria[1].function.full_m",
            "criteria[1].min_voltage_kv", "criteria[2].function.zero_m", "criteria[2].statuses[0]",
            "criteria[3].criterion", "exclusion_zones[0].kind", "exclusion_zones[0].wkt", "min_distances[0].min_m",
        ];
        foreach (var path in expected) Assert.Contains(path, paths);
    }

    [Fact]
    public void Zero_weights_are_refused()
    {
        var p = ScoringProfile.Default with
        {
            Criteria = ScoringProfile.Default.Criteria.Select(c => c with { Weight = 0 }).ToList(),
        };
        Assert.Contains(p.Validate(), e => e.Path == "criteria" && e.Message.Contains("positive"));
    }

    [Fact]
    public void Ahp_weights_replace_direct_weights_and_bad_matrices_are_refused()
    {
        var good = ScoringProfile.Default with
        {
            Ahp = new() { Criteria = ["road", "town"], Matrix = [[1, 3], [1 / 3.0, 1]] },
        };
        Assert.Empty(good.Validate());
        var w = good.ResolveWeights();
        Assert.Equal(0.75, w["road"], 12);
        Assert.Equal(0.25, w["town"], 12);
        Assert.Equal(0, w["water"]);

        var bad = good with { Ahp = new() { Criteria = ["road", "town"], Matrix = [[1, 3], [3, 1]] } };
        Assert.Contains(bad.Validate(), e => e.Path == "ahp.matrix[1][0]");
        var unknown = good with { Ahp = new() { Criteria = ["road", "rail"], Matrix = [[1, 3], [1 / 3.0, 1]] } };
        Assert.Contains(unknown.Validate(), e => e.Path == "ahp.criteria[1]");
    }
}
