using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

public class SensitivityTests
{
    // Two equally weighted criteria, linear 0 -> 1 km, so scores are easy to compute by hand.
    private static readonly ScoringProfile Profile = new()
    {
        Code = "two",
        Criteria =
        [
            new() { Criterion = "road", Weight = 0.5, Function = ValueFunction.LinearDecay(0, 1000) },
            new() { Criterion = "water", Weight = 0.5, Function = ValueFunction.LinearDecay(0, 1000) },
        ],
    };

    [Fact]
    public void Near_tie_flips_when_a_weight_moves()
    {
        // A: road 1.0, water 0.0 -> 50. B: road 0.02, water 0.96 -> 49. A leads by 1 point;
        // water +10 %: wr = 0.5/1.05, ww = 0.55/1.05 -> A 47.6, B 50.2: B overtakes.
        // C has no road and no water: last in every scenario.
        CriterionDistances a = new() { RoadM = 0, WaterM = 1000 };
        CriterionDistances b = new() { RoadM = 980, WaterM = 40 };
        CriterionDistances c = new() { };
        var report = Sensitivity.Analyse([a, b, c], Profile);
        Assert.Equal([1, 2, 3], report.BaseRanks);
        var waterUp = report.Scenarios.Single(s => s.Criterion == "water" && s.Change > 0);
        Assert.Equal([2, 1, 3], waterUp.Ranks);
        var roadUp = report.Scenarios.Single(s => s.Criterion == "road" && s.Change > 0);
        Assert.Equal([1, 2, 3], roadUp.Ranks);
        Assert.Equal(4, report.Scenarios.Count);
        Assert.Equal(1, report.Sites[0].MaxAbsRankChange);
        // Road -10 % is the same move as water +10 % after renormalising; it comes first.
        Assert.Equal("road", report.Sites[0].WorstCriterion);
        Assert.Equal(-0.1, report.Sites[0].WorstChange);
        Assert.Equal(0, report.Sites[2].MaxAbsRankChange);
        Assert.False(report.IsRobust);
    }

    [Fact]
    public void Clear_winner_is_robust_and_excluded_sites_rank_last()
    {
        var p = Profile with { Criteria = [Profile.Criteria[0] with { MaxDistanceM = 900 }, Profile.Criteria[1]] };
        CriterionDistances best = new() { RoadM = 0, WaterM = 0 };
        CriterionDistances middle = new() { RoadM = 500, WaterM = 500 };
        CriterionDistances excluded = new() { RoadM = 950, WaterM = 0 };
        var report = Sensitivity.Analyse([excluded, middle, best], p);
        Assert.Equal([3, 2, 1], report.BaseRanks);
        Assert.True(report.IsRobust);
    }

    [Fact]
    public void Equal_scores_share_a_rank() =>
        Assert.Equal([1, 1], Sensitivity.Analyse([new() { RoadM = 10, WaterM = 20 }, new() { RoadM = 20, WaterM = 10 }], Profile).BaseRanks);
}
