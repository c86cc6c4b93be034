using NetTopologySuite.IO;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

public class SuitabilityScorerTests
{
    private static readonly CriterionDistances AllClose = new() { RoadM = 0, WaterM = 100, PowerM = 1000, TownM = 5000 };

    [Fact]
    public void Perfect_site_scores_100()
    {
        var s = SuitabilityScorer.Score(AllClose, ScoringProfile.Default);
        Assert.Equal(100, s.Score, 9);
        Assert.False(s.Excluded);
        Assert.Empty(s.Reasons);
        Assert.Equal(["road", "water", "power", "town"], s.Criteria.Select(c => c.Criterion));
        Assert.Equal(1, s.Criteria.Sum(c => c.Weight), 12);
    }

    [Fact]
    public void Score_is_weighted_sum_over_weight_sum()
    {
        // road 2750 m -> 0.5; water 5 km -> 0; power 5.5 km -> 0.5; town 17.5 km -> 0.5.
        var d = new CriterionDistances { RoadM = 2750, WaterM = 5000, PowerM = 5500, TownM = 17_500 };
        var s = SuitabilityScorer.Score(d, ScoringProfile.Default);
        Assert.Equal((0.3 * 0.5 + 0.25 * 0 + 0.2 * 0.5 + 0.25 * 0.5) * 100, s.Score, 9);
        Assert.Equal(0.5, s.Criteria[0].Score, 12);
        Assert.Equal(0.3, s.Criteria[0].Weight, 12);
    }

    [Fact]
    public void Missing_feature_scores_zero_with_reason_and_hard_limit_excludes()
    {
        var s = SuitabilityScorer.Score(AllClose with { PowerM = null }, ScoringProfile.Default);
        Assert.False(s.Excluded);
        Assert.Equal(80, s.Score, 9);
        Assert.Contains("power: no qualifying power line (completed), scored 0", s.Reasons);

        var limited = WithCriterion(ScoringProfile.Default, "water", c => c with { MaxDistanceM = 3000 });
        var far = new SuitabilityScorer(limited).Score(AllClose with { WaterM = 3500 });
        Assert.True(far.Excluded);
        Assert.Equal(0, far.Score);
        Assert.Contains("water: nearest water source is 3.5 km, beyond the limit of 3.0 km", far.Reasons);
        Assert.Equal(0.375, far.Criteria[1].Score, 12); // breakdown kept for the planner
        Assert.False(new SuitabilityScorer(limited).Score(AllClose with { WaterM = 3000 }).Excluded);
    }

    [Fact]
    public void Zones_and_min_distances_exclude_with_readable_reasons()
    {
        var p = ScoringProfile.Default with
        {
            ExclusionZones = [new() { Name = "all reserves", Kind = "reserve" }, new() { Name = "Gully", Kind = "hazard", Wkt = "POLYGON((0 0,1 0,1 1,0 1,0 0))" }],
            MinDistances = [new() { Layer = "settlements", MinM = 2000 }],
        };
        var scorer = new SuitabilityScorer(p);
        var s = scorer.Score(AllClose with
        {
            ZoneHits = [new("reserve", "Grassland"), new("hazard", "Other gully"), new("hazard", "Gully")],
            Nearest = new Dictionary<string, double?> { ["settlements"] = 850 },
        });
        Assert.True(s.Excluded);
        Assert.Equal(
            ["inside reserve zone 'Grassland'", "inside hazard zone 'Gully'", "850 m from the nearest settlements, closer than the minimum 2.0 km"],
            s.Reasons);

        var unchecked_ = scorer.Score(AllClose);
        Assert.False(unchecked_.Excluded);
        Assert.Contains("minimum distance to settlements not checked: no measurement", unchecked_.Reasons);
        Assert.False(scorer.Score(AllClose with { Nearest = new Dictionary<string, double?> { ["settlements"] = null } }).Excluded);
    }

    [Fact]
    public void Inline_zones_are_checked_in_memory()
    {
        var p = ScoringProfile.Default with { ExclusionZones = [new() { Name = "Gully", Kind = "hazard", Wkt = "POLYGON((110 39,110.1 39,110.1 39.1,110 39.1,110 39))" }] };
        var check = new ExclusionCheck(p);
        var reader = new WKTReader();
        Assert.Equal([new ZoneHit("hazard", "Gully")], check.Hits(reader.Read("POINT(110.05 39.05)")));
        Assert.Empty(check.Hits(reader.Read("POLYGON((110.2 39,110.3 39,110.3 39.1,110.2 39))")));
        Assert.Empty(check.Hits(reader.Read("POINT EMPTY")));
    }

    [Fact]
    public void Town_uses_network_distance_when_the_profile_asks()
    {
        var p = WithCriterion(ScoringProfile.Default, "town", c => c with { UseNetworkDistance = true });
        var scorer = new SuitabilityScorer(p);
        var s = scorer.Score(AllClose with { TownNetworkM = 17_500 });
        var town = s.Criteria[3];
        Assert.True(town.UsedNetworkDistance);
        Assert.Equal(5000, town.DistanceM);
        Assert.Equal(17_500, town.NetworkDistanceM);
        Assert.Equal(0.5, town.Score, 12);

        var fallback = scorer.Score(AllClose);
        Assert.Equal(1, fallback.Criteria[3].Score);
        Assert.Contains("town: no road-network distance, straight-line distance used", fallback.Reasons);
        var strict = new SuitabilityScorer(p, new ScorerOptions { FallbackToStraightLine = false }).Score(AllClose);
        Assert.Equal(0, strict.Criteria[3].Score);
    }

    [Fact]
    public void Invalid_profile_or_distance_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SuitabilityScorer(new ScoringProfile { Code = "x" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SuitabilityScorer.Score(AllClose with { RoadM = -1 }, ScoringProfile.Default));
    }

    private static ScoringProfile WithCriterion(ScoringProfile p, string criterion, Func<CriterionSettings, CriterionSettings> change) =>
        p with { Criteria = p.Criteria.Select(c => c.Criterion == criterion ? change(c) : c).ToList() };
}
