using RelocationPlanner.Core.Field;

namespace RelocationPlanner.Core.Tests.Field;

public class ChangeRulesTests
{
    static readonly Dictionary<string, DateOnly?> NoFacts = new() { ["old_house_demolished"] = null, ["homestead_reclaimed"] = null };
    static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Same_step_same_date_is_a_repeat_another_date_a_conflict()
    {
        List<(string, DateOnly)> held = [("registered", D("2016-03-01")), ("keys_claimed", D("2017-05-20"))];
        Assert.Equal(Outcome.AlreadyRecorded, ChangeRules.Judge(held, NoFacts, "keys_claimed", D("2017-05-20")).Outcome);
        var v = ChangeRules.Judge(held, NoFacts, "keys_claimed", D("2017-05-25"));
        Assert.Equal((Outcome.Conflict, ChangeRules.RecordedDifferently), (v.Outcome, v.Reason));
    }

    [Fact]
    public void A_later_step_is_applied_an_earlier_one_after_a_later_is_a_conflict()
    {
        List<(string, DateOnly)> held = [("registered", D("2016-03-01")), ("house_completed", D("2017-01-10"))];
        Assert.Equal(Outcome.Apply, ChangeRules.Judge(held, NoFacts, "keys_claimed", D("2017-03-02")).Outcome);
        Assert.Equal(ChangeRules.OutOfOrder, ChangeRules.Judge(held, NoFacts, "house_capped", D("2016-10-01")).Reason);
        Assert.Equal(ChangeRules.OutOfOrder, ChangeRules.Judge(held, NoFacts, "keys_claimed", D("2016-12-01")).Reason);
    }

    [Fact]
    public void Old_house_steps_are_facts_judged_by_their_date()
    {
        var facts = new Dictionary<string, DateOnly?> { ["old_house_demolished"] = D("2017-08-01"), ["homestead_reclaimed"] = null };
        Assert.Equal(Outcome.AlreadyRecorded, ChangeRules.Judge([], facts, "old_house_demolished", D("2017-08-01")).Outcome);
        Assert.Equal(Outcome.Conflict, ChangeRules.Judge([], facts, "old_house_demolished", D("2017-08-15")).Outcome);
        Assert.Equal(Outcome.Apply, ChangeRules.Judge([], facts, "homestead_reclaimed", D("2017-09-01")).Outcome);
        Assert.Equal(Outcome.AlreadyRecorded, ChangeRules.JudgeResult("discrepancy", ["b", "a"], "discrepancy", ["a", "b"]).Outcome);
        Assert.Equal(Outcome.Conflict, ChangeRules.JudgeResult("verified", [], "discrepancy", ["moved_in"]).Outcome);
    }

    [Fact]
    public void The_sample_settled_rule_flips_only_on_settlement_fields()
    {
        SampledHousehold H(bool settled, string? outcome, params string[] fields) => new("x", "s", "c", settled, outcome, fields);
        Assert.True(InspectionReport.FoundSettled(H(true, "verified")));
        Assert.False(InspectionReport.FoundSettled(H(true, "discrepancy", "moved_in")));
        Assert.True(InspectionReport.FoundSettled(H(true, "discrepancy", "head_name")));
        Assert.True(InspectionReport.FoundSettled(H(false, "discrepancy", "keys_claimed")));
        var figures = InspectionReport.Figures("s", [H(true, "verified"), H(true, "discrepancy", "moved_in", "members"), H(false, null)]);
        Assert.Equal((3, 2, 1, 1), (figures.Sampled, figures.Visited, figures.Verified, figures.Discrepancies));
        Assert.Equal(new Dictionary<string, int> { ["members"] = 1, ["moved_in"] = 1 }, figures.DiscrepanciesByField);
        Assert.Equal(0.5, figures.DiscrepancyRate);
    }
}
