using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Core.Tests.Programme;

/// <summary>Household facts, compliance limits, site plans and milestones at their edges.</summary>
public class ProgrammeRulesTests
{
    static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Fact]
    public void The_28_household_site_plan_comes_out_at_2264_64_m2_and_4_98_million()
    {
        var (plan, errors) = SiteProjectRules.ReadPlan(Json("""
            {"houses":[{"type":"80.88","count":28,"floor_area_m2":"80.88"}],
             "facilities":[{"kind":"well","quantity":2,"unit":"wells"},{"kind":"power_line","quantity":3500,"unit":"m"},{"kind":"road","quantity":3.5,"unit":"km"}],
             "budget":[{"funding_source":"counterpart","amount":"4000000.00"},{"funding_source":"other","amount":980000}]}
            """));
        Assert.Empty(errors);
        Assert.Equal(28, plan!.HousesPlanned);
        Assert.Equal(2264.64m, plan.FloorAreaM2);
        Assert.Equal(4980000.00m, plan.BudgetTotal);
    }

    [Theory]
    [InlineData(100, 4, false)]      // exactly 25 m2 per person is within
    [InlineData(100.01, 4, true)]
    [InlineData(75, 3, false)]
    [InlineData(75.01, 3, true)]
    public void Area_over_the_limit_is_strictly_more_than_25_m2_per_person(double area, int members, bool over) =>
        Assert.Equal(over, CompliancePolicy.National("n", "15", new(2016, 1, 1), null).AreaOver((decimal)area, members));

    [Theory]
    [InlineData(1, 3000)]
    [InlineData(3, 9000)]
    [InlineData(4, 10000)] // the household cap is smaller than 4 x 3,000
    [InlineData(7, 10000)]
    public void The_self_paid_limit_is_the_smaller_of_per_person_and_per_household(int members, int limit) =>
        Assert.Equal(limit, CompliancePolicy.National("n", "15", new(2016, 1, 1), null).SelfPaidLimit(members));

    [Theory]
    [InlineData("""{"house_area_m2": 0}""", "house_area_m2", Rules.AreaRange)]
    [InlineData("""{"house_area_m2": "1000.01"}""", "house_area_m2", Rules.AreaRange)]
    [InlineData("""{"self_paid": -1}""", "self_paid", Rules.NonNegative)]
    [InlineData("""{"labour_members": 4}""", "labour_members", Rules.LabourWithinMembers)]
    [InlineData("""{"old_house_exempt_reason": "shared house", "old_house_demolished_on": "2017-01-01"}""", "old_house_exempt_reason", Rules.ExemptOrDemolished)]
    [InlineData("""{"homestead_reclaimed_on": "2017-01-01"}""", "homestead_reclaimed_on", Rules.DatesInOrder)]
    [InlineData("""{"old_house_demolished_on": "2017-02-01", "homestead_reclaimed_on": "2017-01-01"}""", "homestead_reclaimed_on", Rules.DatesInOrder)]
    public void Facts_that_break_a_rule_are_named(string json, string field, string rule)
    {
        var (given, errors) = HouseholdFactRules.Read(Json(json));
        Assert.Empty(errors);
        var e = HouseholdFactRules.Check(HouseholdFactRules.Apply(HouseholdFacts.None, given), members: 3);
        Assert.Contains(e, x => x.Field == field && x.Rule == rule);
    }

    [Fact]
    public void Exactly_1000_m2_and_all_members_working_are_within_the_rules()
    {
        var (given, errors) = HouseholdFactRules.Read(Json("""{"house_area_m2": 1000, "labour_members": 3, "self_paid": 0, "old_house_demolished_on": "2017-01-01", "homestead_reclaimed_on": "2017-01-01"}"""));
        Assert.Empty(errors);
        Assert.Empty(HouseholdFactRules.Check(HouseholdFactRules.Apply(HouseholdFacts.None, given), members: 3));
    }

    [Fact]
    public void A_null_clears_a_fact_and_a_missing_name_keeps_it()
    {
        var start = new HouseholdFacts(HouseAreaM2: 80m, SelfPaid: 5000m);
        var (given, _) = HouseholdFactRules.Read(Json("""{"self_paid": null}"""));
        Assert.Equal(new HouseholdFacts(HouseAreaM2: 80m), HouseholdFactRules.Apply(start, given));
    }

    [Fact]
    public void Site_milestones_move_forward_and_infrastructure_and_houses_may_complete_in_either_order()
    {
        var recorded = new List<(string, DateOnly)> { ("approved", new(2016, 5, 10)), ("houses_completed", new(2016, 10, 1)) };
        Assert.Null(SiteProjectRules.CheckNext(recorded, "infrastructure_completed", new(2016, 9, 1)));
        Assert.Equal(Rules.ForwardOnly, SiteProjectRules.CheckNext(recorded, "construction_started", new(2016, 11, 1))!.Rule);
        Assert.Equal(Rules.DatesInOrder, SiteProjectRules.CheckNext(recorded, "handed_over", new(2016, 9, 30))!.Rule);
        Assert.Equal(Rules.Once, SiteProjectRules.CheckNext(recorded, "approved", new(2016, 12, 1))!.Rule);
    }

    [Theory]
    [InlineData("""{"member": 1, "kind": "factory", "started_on": "2017-01-01"}""", "kind", Rules.Enum)]
    [InlineData("""{"member": 1, "kind": "migrant_work", "started_on": "2017-03-01", "ended_on": "2017-02-28"}""", "ended_on", Rules.DatesInOrder)]
    [InlineData("""{"member": 0, "kind": "migrant_work", "started_on": "2017-03-01"}""", "member", Rules.MemberInHousehold)]
    [InlineData("""{"member": true, "kind": "migrant_work", "started_on": "2017-03-01"}""", "member", Rules.MemberInHousehold)]
    public void Employment_refusals_name_the_field(string json, string field, string rule)
    {
        var (input, errors) = EmploymentRules.Read(Json(json), "H1");
        Assert.Null(input);
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
    }

    [Fact]
    public void The_scale_case_facts_parse_under_the_rules_and_are_the_same_for_the_same_seed()
    {
        var g = new RelocationPlanner.Core.Generation.ScaleGenerator(11);
        var layout = RelocationPlanner.Core.Registry.HouseholdCsv.ReadHeader([.. RelocationPlanner.Core.Registry.HouseholdCsv.AllColumns]).Layout!;
        var households = g.Households(2000, 100).ToList();
        var parsed = households.Select((h, i) => layout.Parse(i + 2, h)).ToList();
        Assert.All(parsed, p => Assert.True(p.Row is not null, string.Join("; ", p.Errors.Select(e => $"{e.Field} {e.Message}"))));
        var facts = parsed.Select(p => p.Row!.Facts!).ToList();
        var overArea = facts.Zip(parsed).Count(x => x.First.HouseAreaM2 / x.Second.Row!.Members > 25m);
        Assert.InRange(overArea, 60, 250); // about 7 % of the 90 % with an area
        Assert.Contains(facts, f => f.OldHouseExemptReason is not null);
        Assert.Contains(facts, f => f.HomesteadReclaimedOn is not null);
        // The registry's own columns are those of the generator before the facts existed (their own stream).
        Assert.Equal(households.Select(h => h[..10]), new RelocationPlanner.Core.Generation.ScaleGenerator(11).Households(2000, 100).Select(h => h[..10]));

        var employment = g.Employment(2000, 100).ToList();
        Assert.NotEmpty(employment);
        Assert.All(employment.Select((e, i) => EmploymentRules.Parse(i + 2, e)), p => Assert.Empty(p.Errors));
        var members = households.ToDictionary(h => h[0], h => int.Parse(h[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(employment, e => Assert.InRange(int.Parse(e[1], System.Globalization.CultureInfo.InvariantCulture), 1, members[e[0]]));

        var projects = g.SiteProjects(100).ToList();
        Assert.InRange(projects.Count, 60, 95); // four in five sites are centralized
        Assert.All(projects, p =>
        {
            Assert.Null(SiteProjectRules.CheckNext([], p.Milestones[0].Milestone, p.Milestones[0].Date));
            for (var i = 1; i < p.Milestones.Count; i++)
                Assert.Null(SiteProjectRules.CheckNext(p.Milestones.Take(i).ToList(), p.Milestones[i].Milestone, p.Milestones[i].Date));
            Assert.All(p.Expenditures, e => Assert.True(e.Amount > 0 && e.SpentOn <= RelocationPlanner.Core.Registry.Money.Today()));
        });
        Assert.Equal(projects.Select(p => p.Plan.FloorAreaM2), new RelocationPlanner.Core.Generation.ScaleGenerator(11).SiteProjects(100).Select(p => p.Plan.FloorAreaM2));
    }
}
