using System.Globalization;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Core.Generation;

/// <summary>A generated site's project: its plan, milestones and ledger (no reversals).</summary>
public sealed record GeneratedSiteProject(string SiteCode, SitePlan Plan, IReadOnlyList<(string Milestone, DateOnly Date)> Milestones, IReadOnlyList<ExpenditureInput> Expenditures);

// The programme's facts for the scale case: house areas (about 7 % over 25 m2 per person), the
// households' own payments (about 9 % over their limit), members able to work, demolitions and
// exemptions after moving in, employment of labour households, and projects for the centralized
// sites. Each draws from its own stream, so the registry's columns are what they were before.
public sealed partial class ScaleGenerator
{
    static readonly string[] ExemptReasons = ["protected traditional village", "house shared with relatives who stay", "cultural relic"];
    static readonly string[] Employers = ["乳业合作社", "县城工业园", "光伏电站", "家政公司", "物业公司", "建筑队"];

    /// <summary>The last day any generated event happens: well before any test's today.</summary>
    static readonly DateOnly Horizon = new(2020, 12, 31);

    /// <summary>The fact columns (<see cref="HouseholdFactRules.Names"/> order) of one household, and its members able to work.</summary>
    static (string[] Cells, int Labour) Facts(DemoRandom r, int members, DateOnly? moved)
    {
        var inv = CultureInfo.InvariantCulture;
        var area = r.Chance(0.9) ? Math.Round(members * 25m * (0.75m + 0.27m * (decimal)r.NextDouble()), 2).ToString("0.00", inv) : "";
        var limit = Math.Min(3000m * members, 10000m);
        var paid = r.Chance(0.7) ? Math.Round(limit * 1.1m * (decimal)r.NextDouble(), 0).ToString("0.00", inv) : "";
        var labour = r.Int(0, Math.Min(members, 3));
        string demolished = "", reclaimed = "", exempt = "";
        if (moved is { } m)
        {
            if (r.Chance(0.05)) exempt = r.Pick(ExemptReasons);
            else if (r.Chance(0.7) && m.AddDays(900) <= Horizon)
            {
                var d = m.AddDays(r.Int(30, 900));
                demolished = Date(d);
                if (r.Chance(0.8)) reclaimed = Date(d.AddDays(r.Int(0, 200)));
            }
        }
        return ([area, paid, labour.ToString(inv), demolished, reclaimed, exempt], labour);
    }

    /// <summary>
    /// Employment CSV records (<see cref="EmploymentRules.CsvHeader"/>) of the households that
    /// <see cref="Households"/> gives for the same arguments: most labour households that moved in
    /// have one record per working member, some of which ended.
    /// </summary>
    public IEnumerable<string[]> Employment(int households, int sites)
    {
        var r = For(8);
        foreach (var h in GenerateHouseholds(households, sites))
        {
            if (h.MovedIn is not { } moved || h.Labour == 0 || !r.Chance(0.85)) continue;
            var working = r.Int(1, h.Labour);
            for (var member = 1; member <= working; member++)
            {
                var started = moved.AddDays(r.Int(0, 400));
                var ended = r.Chance(0.3) ? started.AddDays(r.Int(30, 700)) : (DateOnly?)null;
                yield return [h.Code, member.ToString(CultureInfo.InvariantCulture), r.Pick(EmploymentRules.Kinds),
                    r.Chance(0.7) ? r.Pick(Employers) : "", Date(started), Date(ended)];
            }
        }
    }

    /// <summary>The per-person components of the subsidy policy the generated payments are within (Ordos 2016's).</summary>
    public static readonly IReadOnlyList<(string Name, decimal PerPerson, string FundingSource)> PolicyComponents =
        [("house", 20_000m, "municipal"), ("infrastructure_industry", 40_000m, "municipal")];

    /// <summary>The header of the payments file (POST /api/disbursements/import).</summary>
    public static readonly IReadOnlyList<string> PaymentsHeader = ["household_code", "component", "amount", "paid_on"];

    /// <summary>
    /// Payment CSV records of the households that <see cref="Households"/> gives for the same
    /// arguments, within <see cref="PolicyComponents"/>: the house subsidy in full for most
    /// households a few months after registration, the infrastructure share in two halves for some
    /// (the second only when it falls before the horizon).
    /// </summary>
    public IEnumerable<string[]> Payments(int households, int sites)
    {
        var r = For(10);
        var inv = CultureInfo.InvariantCulture;
        var (house, infra) = (PolicyComponents[0], PolicyComponents[1]);
        foreach (var h in GenerateHouseholds(households, sites))
        {
            if (r.Chance(0.8))
                yield return [h.Code, house.Name, (house.PerPerson * h.Members).ToString("0.00", inv), Date(h.Registered.AddDays(r.Int(30, 200)))];
            if (!r.Chance(0.5)) continue;
            var half = (infra.PerPerson * h.Members / 2).ToString("0.00", inv);
            var first = h.Registered.AddDays(r.Int(60, 400));
            yield return [h.Code, infra.Name, half, Date(first)];
            var second = first.AddDays(r.Int(90, 700));
            if (second <= Horizon) yield return [h.Code, infra.Name, half, Date(second)];
        }
    }

    /// <summary>
    /// Projects of the centralized sites among <see cref="Sites"/>(<paramref name="sites"/>): houses for
    /// the capacity, a budget of counterpart and local funds, milestones in order (later ones for
    /// some), and 3-9 expenditures that come to 60-110 % of the budget (a few sites over it).
    /// </summary>
    public IEnumerable<GeneratedSiteProject> SiteProjects(int sites)
    {
        var r = For(9);
        foreach (var site in Sites(sites))
        {
            if ((string)site.Attributes["site_type"] != "centralized") continue;
            var code = (string)site.Attributes["code"];
            var capacity = Convert.ToInt32(site.Attributes["capacity_households"], CultureInfo.InvariantCulture);
            var small = r.Int(capacity / 4, capacity / 2);
            HouseType[] houses = [new("60 m2", small, 60.00m), new("80.88 m2", capacity - small, 80.88m)];
            var total = Math.Round(capacity * (decimal)r.Range(140_000, 180_000), 0);
            var counterpart = Math.Round(total * 0.8m, 0);
            BudgetLine[] budget = [new("counterpart", counterpart), new("local", total - counterpart)];
            Facility[] facilities = [new("well", r.Int(1, 3), "wells"), new("power_line", r.Int(10, 60) * 100m, "m"), new("road", r.Int(5, 60) / 10m, "km")];

            var approved = new DateOnly(2016, 1, 1).AddDays(r.Int(0, 365));
            var milestones = new List<(string, DateOnly)> { (SiteProjectRules.Approved, approved) };
            var started = approved.AddDays(r.Int(30, 90));
            if (r.Chance(0.9)) milestones.Add((SiteProjectRules.ConstructionStarted, started));
            var done = started;
            if (milestones.Count == 2 && r.Chance(0.8))
            {
                var infra = started.AddDays(r.Int(120, 300));
                var built = started.AddDays(r.Int(150, 360));
                milestones.Add((SiteProjectRules.InfrastructureCompleted, infra));
                milestones.Add((SiteProjectRules.HousesCompleted, built));
                done = infra > built ? infra : built;
                if (r.Chance(0.6)) milestones.Add((SiteProjectRules.HandedOver, done.AddDays(r.Int(10, 60))));
            }

            var entries = r.Int(3, 9);
            var spend = total * (decimal)r.Range(0.6, 1.1);
            var expenditures = new List<ExpenditureInput>();
            for (var e = 0; e < entries; e++)
            {
                var source = r.Chance(0.8) ? "counterpart" : "local";
                var amount = Math.Round(spend / entries * (decimal)r.Range(0.5, 1.5), 2);
                expenditures.Add(new(r.Pick(SiteProjectRules.Categories), amount, started.AddDays(r.Int(0, Math.Max(1, done.DayNumber - started.DayNumber + 60))), source, null));
            }
            yield return new GeneratedSiteProject(code, new SitePlan(houses, facilities, budget), milestones, expenditures);
        }
    }
}
