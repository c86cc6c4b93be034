using System.Globalization;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.DemoData;

/// <summary>A generated site's construction project.</summary>
public sealed record DemoSiteProject(string SiteCode, SitePlan Plan, IReadOnlyList<(string Milestone, DateOnly Date)> Milestones, IReadOnlyList<ExpenditureInput> Expenditures);

/// <summary>
/// The Ordos 2016 relocation at its published scale (domain facts): 3,920 households and 9,943
/// people in 8 banners, 79 centralized sites plus separate households, the RMB 60,000 per person
/// policy, payments, milestones to the end of 2017 (90 % moved in by the end of July 2017, 76 % at
/// the end of 2016, every other household with its keys; Dalad 83 %, Jungar 80 %, Otog Front 60 %,
/// the other banners 100 %), the programme's household facts, employment and site projects.
/// Pure and deterministic: the same demo layers and seed give the same records, which the demo
/// loader stores through the same imports as real data (CSV text, features, policies, ledger).
/// </summary>
public sealed class OrdosRegistryDemo
{
    public const int Households = 3920, People = 9943, CentralizedSites = 79;
    public static readonly DateOnly EndOf2016 = new(2016, 12, 31), EndOfJuly2017 = new(2017, 7, 31), EndOf2017 = new(2017, 12, 31);
    public const decimal HousePerPerson = 20_000m, InfrastructurePerPerson = 40_000m;

    /// <summary>The banners of the 2016 programme (Dongsheng, the city seat, had none): households, sites, moved-in share at the end of July 2017.</summary>
    static readonly (string Code, int Households, int Sites, decimal MovedIn)[] Banners =
    [
        ("150603", 150, 3, 1.00m), ("150621", 800, 16, 0.83m), ("150622", 700, 14, 0.80m), ("150623", 290, 6, 0.60m),
        ("150624", 480, 10, 1.00m), ("150625", 600, 12, 1.00m), ("150626", 500, 10, 1.00m), ("150627", 400, 8, 1.00m),
    ];

    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "高", "郭", "马", "白", "乌兰", "巴特尔", "其其格", "额尔敦", "娜仁"];
    static readonly string[] Given = ["建国", "秀英", "志强", "桂兰", "海军", "玉梅", "宝音", "春生", "丽华", "金山", "图雅", "满都拉", "二虎", "福"];
    static readonly string[] Employers = ["绒山羊养殖合作社", "旗工业园区", "光伏电站", "物业公司", "建筑队", "乳业公司", "家政服务站"];

    public SubsidyPolicy Policy { get; } = new("ordos-2016", "1506", new DateOnly(2016, 1, 1), EndOf2017, "per_person",
        [new("house", HousePerPerson, "municipal"), new("infrastructure_industry", InfrastructurePerPerson, "municipal")]);

    public IReadOnlyList<IFeature> Sites { get; }
    public string HouseholdCsv { get; }
    public string EmploymentCsv { get; }
    /// <summary>The ledger as a payment list (<see cref="DisbursementCsv"/>).</summary>
    public string PaymentsCsv { get; }
    public IReadOnlyList<DemoSiteProject> Projects { get; }

    sealed record Household(string Code, string Banner, int Members, string? Site, string Type, DateOnly Registered, DateOnly Keys, DateOnly? Moved, int Labour);

    /// <param name="adminUnits">The demo's admin units (the townships place the sites).</param>
    /// <param name="settlements">The demo's origin villages (code, unit_code).</param>
    /// <param name="seed">The generator's seed (the demo layers' by default).</param>
    public OrdosRegistryDemo(IReadOnlyList<IFeature> adminUnits, IReadOnlyList<IFeature> settlements, long seed = DemoGenerator.DefaultSeed)
    {
        var rng = new DemoRandom(seed * 7919 + 17);
        var townships = adminUnits.Where(u => u.Text("level") == "township").ToList();
        var sites = new List<IFeature>();
        var handedOver = new Dictionary<string, DateOnly>();
        var households = new List<Household>();
        foreach (var (banner, count, siteCount, movedShare) in Banners)
        {
            var own = townships.Where(t => t.Text("code")!.StartsWith(banner, StringComparison.Ordinal)).ToList();
            var bannerSites = new List<string>();
            for (var s = 1; s <= siteCount; s++)
            {
                var code = $"A{banner}-{s:D2}";
                var township = own[(s - 1) % own.Count];
                sites.Add(Site(rng, code, township, sites));
                bannerSites.Add(code);
                handedOver[code] = rng.Date(new(2016, 5, 15), new(2016, 8, 31));
            }

            // Who moved in when: the banner's share by the end of July 2017, 84.4 % of those in 2016 (76 % of all).
            var moved = (int)Math.Round(count * movedShare);
            var early = (int)Math.Round(moved * 2979m / 3528m);
            for (var i = 0; i < count; i++)
            {
                var members = rng.Weighted((1, 0.12), (2, 0.38), (3, 0.30), (4, 0.14), (5, 0.05), (6, 0.01));
                var type = rng.Weighted(("centralized", 0.75), ("separate_self_built", 0.2), ("separate_purchased", 0.05));
                var site = type == "centralized" ? bannerSites[i % bannerSites.Count] : null;
                var ready = site is null ? rng.Date(new(2016, 5, 1), new(2016, 8, 31)) : handedOver[site];
                DateOnly keys; DateOnly? movedOn;
                if (i < early) { keys = ready.AddDays(rng.Int(1, 60)); movedOn = Min(keys.AddDays(rng.Int(3, 30)), EndOf2016); }
                else if (i < moved) { keys = ready.AddDays(rng.Int(60, 240)); movedOn = Max(keys.AddDays(3), new DateOnly(2017, 1, 5).AddDays(rng.Int(0, 200))); movedOn = Min(movedOn.Value, EndOfJuly2017); }
                else { keys = ready.AddDays(rng.Int(90, 330)); movedOn = null; }
                var registered = new DateOnly(2016, 1, 4).AddDays(rng.Int(0, 120));
                households.Add(new($"R{banner}{i + 1:D4}", banner, members, site, type, registered, keys, movedOn, rng.Int(0, Math.Min(members, 3))));
            }
        }

        FitPeople(households);
        Sites = sites;
        HouseholdCsv = WriteHouseholds(rng, households, settlements);
        EmploymentCsv = WriteEmployment(rng, households);
        PaymentsCsv = Pay(rng, households);
        Projects = [.. sites.Select(s => Project(rng, s, handedOver[s.Text("code")!], households.Count(h => h.Site == s.Text("code"))))];
    }

    static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
    static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Members nudged one at a time (first households first) until the people come to exactly 9,943.</summary>
    static void FitPeople(List<Household> list)
    {
        var diff = People - list.Sum(h => h.Members);
        for (var i = 0; diff != 0; i = (i + 1) % list.Count)
        {
            var h = list[i];
            var step = Math.Sign(diff);
            if (h.Members + step is < 1 or > 8) continue;
            list[i] = h with { Members = h.Members + step, Labour = Math.Min(h.Labour, h.Members + step) };
            diff -= step;
        }
    }

    /// <summary>A square of 200-400 m inside the township, clear of the sites already placed.</summary>
    static IFeature Site(DemoRandom rng, string code, IFeature township, List<IFeature> placed)
    {
        var area = PreparedGeometryFactory.Prepare(township.Geometry);
        var anchor = township.Geometry.InteriorPoint.Coordinate;
        Polygon? poly = null;
        for (var attempt = 0; attempt < 50 && poly is null; attempt++)
        {
            var spread = attempt < 25 ? 4.0 : 1.0;
            var c = DemoGeo.Offset(anchor, rng.Range(-spread, spread), rng.Range(-spread, spread));
            var h = rng.Range(0.1, 0.2);
            var ring = new[] { DemoGeo.Offset(c, -h, -h), DemoGeo.Offset(c, h, -h), DemoGeo.Offset(c, h, h), DemoGeo.Offset(c, -h, h), DemoGeo.Offset(c, -h, -h) }
                .Select(DemoGeo.Round).ToArray();
            var candidate = GeoJsonIO.Factory.CreatePolygon(ring);
            if (area.Contains(candidate) && !placed.Any(p => p.Geometry.Distance(candidate) < 0.003)) poly = candidate;
        }
        poly ??= (Polygon)GeoJsonIO.Factory.CreatePoint(anchor).Buffer(0.001, 1);
        var name = $"{township.Text("name")}{code[^2..].TrimStart('0')}号移民新村";
        return GeoJsonIO.Feature(poly,
        [
            new("code", code), new("name", name), new("site_type", "centralized"), new("separate_kind", null),
            new("capacity_households", 0), new("unit_code", township.Text("code")),
        ]);
    }

    string WriteHouseholds(DemoRandom rng, List<Household> list, IReadOnlyList<IFeature> settlements)
    {
        var villages = settlements.GroupBy(s => s.Text("unit_code")![..6]).ToDictionary(g => g.Key, g => g.Select(s => s.Text("code")!).ToList());
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.AppendJoin(',', Registry.HouseholdCsv.AllColumns).Append('\n');
        foreach (var h in list)
        {
            var origin = villages.TryGetValue(h.Banner, out var v) ? v[rng.Int(0, v.Count - 1)] : "";
            // About 3 % of houses over 25 m2 a person, 5 % of households paid over 3,000 a person.
            var perPerson = rng.Chance(0.03) ? rng.Range(25.5, 32) : rng.Range(18, 25);
            var area = Math.Round((decimal)(perPerson * h.Members), 2);
            var paid = rng.Chance(0.05) ? 3500m * h.Members : Math.Round(rng.Int(0, 30) * 100m * h.Members / 10m, 0);
            string demolished = "", reclaimed = "", exempt = "";
            if (h.Moved is { } m)
            {
                if (rng.Chance(0.03)) exempt = "protected traditional village";
                else if (rng.Chance(0.85))
                {
                    var d = Min(m.AddDays(rng.Int(20, 240)), EndOf2017);
                    demolished = Iso(d);
                    if (rng.Chance(0.7) && d.AddDays(30) <= EndOf2017) reclaimed = Iso(Min(d.AddDays(rng.Int(30, 150)), EndOf2017));
                }
            }
            string[] cells = [h.Code, rng.Pick(Surnames) + rng.Pick(Given), h.Members.ToString(inv), h.Banner, origin, h.Site ?? "", h.Type,
                Iso(h.Registered), Iso(h.Keys), Iso(h.Moved), area.ToString("0.00", inv), paid.ToString("0.00", inv), h.Labour.ToString(inv), demolished, reclaimed, exempt];
            sb.AppendJoin(',', cells).Append('\n');
        }
        return sb.ToString();
    }

    static string WriteEmployment(DemoRandom rng, List<Household> list)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendJoin(',', EmploymentRules.CsvHeader).Append('\n');
        foreach (var h in list)
        {
            if (h.Moved is not { } moved || h.Labour == 0 || !rng.Chance(0.9)) continue;
            for (var member = 1; member <= rng.Int(1, h.Labour); member++)
            {
                var started = Min(moved.AddDays(rng.Int(0, 150)), EndOf2017);
                var ended = rng.Chance(0.15) ? Min(started.AddDays(rng.Int(30, 300)), EndOf2017) : (DateOnly?)null;
                if (ended <= started) ended = null;
                sb.AppendJoin(',', [h.Code, member.ToString(CultureInfo.InvariantCulture), rng.Pick(EmploymentRules.Kinds),
                    rng.Chance(0.7) ? rng.Pick(Employers) : "", Iso(started), Iso(ended)]).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>The house subsidy when the keys are claimed; infrastructure and industry when the household moves in (most, by the end of 2017).</summary>
    static string Pay(DemoRandom rng, List<Household> list)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.AppendJoin(',', DisbursementCsv.Header).Append('\n');
        foreach (var h in list)
        {
            sb.Append(inv, $"{h.Code},house,{HousePerPerson * h.Members:0.00},{Iso(Min(h.Keys.AddDays(rng.Int(0, 20)), EndOf2017))}\n");
            if (h.Moved is { } m && rng.Chance(0.95))
                sb.Append(inv, $"{h.Code},infrastructure_industry,{InfrastructurePerPerson * h.Members:0.00},{Iso(Min(m.AddDays(rng.Int(10, 90)), EndOf2017))}\n");
        }
        return sb.ToString();
    }

    /// <summary>A site's plan (houses for its households and a few spare), budget, milestones up to its hand-over, and spending.</summary>
    static DemoSiteProject Project(DemoRandom rng, IFeature site, DateOnly handedOver, int households)
    {
        var capacity = households + rng.Int(0, 5);
        site.Attributes["capacity_households"] = capacity;
        var small = capacity / 3;
        HouseType[] houses = [new("60 m2", small, 60.00m), new("80 m2", capacity - small, 80.00m)];
        var total = Math.Round(capacity * (decimal)rng.Range(140, 170), 0) * 1000m;
        var counterpart = Math.Round(total * 0.8m, 0);
        BudgetLine[] budget = [new("counterpart", counterpart), new("local", total - counterpart)];
        Facility[] facilities = [new("well", rng.Int(1, 3), "wells"), new("power_line", rng.Int(10, 40) * 100m, "m"), new("road", rng.Int(5, 30) / 10m, "km")];
        var built = handedOver.AddDays(-rng.Int(10, 30));
        var started = built.AddDays(-rng.Int(150, 200));
        var approved = started.AddDays(-rng.Int(20, 60));
        List<(string, DateOnly)> milestones =
        [
            (SiteProjectRules.Approved, approved), (SiteProjectRules.ConstructionStarted, started),
            (SiteProjectRules.InfrastructureCompleted, built.AddDays(-rng.Int(0, 20))), (SiteProjectRules.HousesCompleted, built),
            (SiteProjectRules.HandedOver, handedOver),
        ];
        var spend = total * (decimal)rng.Range(0.85, 1.04);
        var expenditures = new List<ExpenditureInput>();
        var entries = rng.Int(2, 4);
        for (var e = 0; e < entries; e++)
            expenditures.Add(new(SiteProjectRules.Categories[e], Math.Round(spend / entries, 2), started.AddDays(rng.Int(0, handedOver.DayNumber - started.DayNumber + 90)),
                rng.Chance(0.8) ? "counterpart" : "local", null));
        return new(site.Text("code")!, new SitePlan(houses, facilities, budget), milestones, expenditures);
    }
}
