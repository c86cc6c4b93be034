using NetTopologySuite.Features;
using System.Globalization;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Generation;

/// <summary>How many of each kind to generate; zero skips a kind.</summary>
public sealed record ScaleCounts(int Roads = 0, int PowerLines = 0, int Wells = 0, int Towns = 0, int Sites = 0, int Households = 0)
{
    /// <summary>
    /// The national programme's scale (2M road segments, 0.5M power-line segments and wells, 35k
    /// centralized + 700k separate sites, 3M households) for <paramref name="provinces"/> of the 31.
    /// </summary>
    public static ScaleCounts National(int provinces)
    {
        int Share(int full) => (int)Math.Round(full * (long)provinces / 31.0);
        return new(Share(2_000_000), Share(500_000), Share(500_000), 0, Share(735_000), Share(3_000_000));
    }
}

/// <summary>
/// Deterministic, lazily generated scale data for benchmarks, in the Ordos area (106.7-111.5 E,
/// 37.6-40.9 N) or on the national grid (<see cref="ScaleArea"/>): every sequence is a pure
/// function of the seed and the area and is enumerated one feature at a time, so millions of
/// features stream to disk without being held in memory. Each feature obeys the collection rules
/// (valid dates in order, codes unique, geometries in China).
/// </summary>
public sealed partial class ScaleGenerator(long seed, ScaleArea? area = null)
{
    public const double MinLon = 106.7, MaxLon = 111.5, MinLat = 37.6, MaxLat = 40.9;

    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    static readonly string[] Surfaces = Collections.Roads.Property("surface")!.Allowed!;
    static readonly string[] WellTypes = Collections.Wells.Property("well_type")!.Allowed!;
    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "高", "乌兰", "巴特尔", "其其格"];
    static readonly string[] Given = ["建国", "秀英", "志强", "桂兰", "海军", "玉梅", "宝音", "娜仁", "春生", "丽华"];

    readonly ScaleArea _area = area ?? ScaleArea.Ordos;

    public ScaleArea Area => _area;

    /// <summary>Each kind draws from its own stream, so adding roads does not change the wells.</summary>
    DemoRandom For(int kind) => new(seed * 1_000_003 + kind);

    public IEnumerable<IFeature> Roads(int count)
    {
        var r = For(1);
        for (var i = 1; i <= count; i++)
        {
            var props = new List<KeyValuePair<string, object?>>
            {
                new("code", $"GR{i:D7}"),
                new("name", $"规划道路{i}"),
                new("road_class", r.Weighted(("village", 5.0), ("township", 3.0), ("county", 1.5), ("provincial", 0.4), ("national", 0.1), ("other", 1.0))),
                new("surface", r.Pick(Surfaces)),
            };
            AddWork(r, props);
            yield return GeoJsonIO.Feature(Walk(r, r.Int(3, 6), 0.002, 0.008), props);
        }
    }

    /// <summary>
    /// Roads as one connected network, for network-distance benchmarks: chains of up to 50 one-segment
    /// roads (steps of 250-700 m, a gently turning heading) that start at one of the first
    /// <paramref name="towns"/> towns of <see cref="Towns"/> or branch off a vertex of an earlier chain,
    /// so consecutive roads share vertices and the road graph connects. One class, surface and
    /// status per chain.
    /// </summary>
    public IEnumerable<IFeature> RoadNetwork(int count, int towns)
    {
        var r = For(7);
        var starts = Towns(Math.Max(1, towns)).Select(t => t.Geometry.Coordinate).ToList();
        var vertices = new List<Coordinate>();
        var i = 0;
        while (i < count)
        {
            var p = vertices.Count > 0 && r.Chance(0.5) ? vertices[r.Int(0, vertices.Count - 1)] : starts[r.Int(0, starts.Count - 1)];
            var heading = r.Range(0, 2 * Math.PI);
            var roadClass = r.Weighted(("village", 5.0), ("township", 3.0), ("county", 1.5), ("provincial", 0.4), ("national", 0.1), ("other", 1.0));
            var surface = r.Pick(Surfaces);
            var work = new List<KeyValuePair<string, object?>>();
            AddWork(r, work);
            for (int made = 0, tries = 0; made < 50 && i < count && tries < 200; tries++)
            {
                heading += r.Range(-0.3, 0.3);
                var step = r.Range(250, 700);
                var (kx, ky) = Geodesic.MetresPerDegree(p.Y);
                var q = new Coordinate(Math.Round(p.X + step * Math.Sin(heading) / kx, 6), Math.Round(p.Y + step * Math.Cos(heading) / ky, 6));
                if (q.X < MinLon || q.X > MaxLon || q.Y < MinLat || q.Y > MaxLat)
                {
                    heading += Math.PI; // turn back at the edge of the area
                    continue;
                }
                i++;
                made++;
                yield return GeoJsonIO.Feature(Factory.CreateLineString([p, q]),
                    [new("code", $"GN{i:D7}"), new("name", $"路网{i}"), new("road_class", roadClass), new("surface", surface), .. work]);
                vertices.Add(q);
                p = q;
            }
        }
    }

    public IEnumerable<IFeature> PowerLines(int count)
    {
        var r = For(2);
        for (var i = 1; i <= count; i++)
        {
            var props = new List<KeyValuePair<string, object?>>
            {
                new("code", $"GP{i:D7}"),
                new("name", $"线路{i}"),
                new("voltage_kv", r.Weighted((10.0, 6.0), (35.0, 2.0), (110.0, 1.0), (220.0, 0.3))),
            };
            AddWork(r, props);
            yield return GeoJsonIO.Feature(Walk(r, r.Int(2, 5), 0.005, 0.02), props);
        }
    }

    public IEnumerable<IFeature> Wells(int count)
    {
        var r = For(3);
        for (var i = 1; i <= count; i++)
        {
            var props = new List<KeyValuePair<string, object?>>
            {
                new("code", $"GW{i:D7}"),
                new("name", $"水井{i}"),
                new("well_type", r.Pick(WellTypes)),
            };
            AddWork(r, props);
            yield return GeoJsonIO.Feature(Factory.CreatePoint(_area.Position(r)), props);
        }
    }

    public IEnumerable<IFeature> Towns(int count)
    {
        var r = For(4);
        for (var i = 1; i <= count; i++)
        {
            var level = i % 100 == 1 ? "city" : i % 10 == 1 ? "county_seat" : "township";
            var population = level switch { "city" => r.Int(80_000, 400_000), "county_seat" => r.Int(20_000, 90_000), _ => r.Int(1_500, 15_000) };
            yield return GeoJsonIO.Feature(Factory.CreatePoint(_area.Position(r)),
            [
                new("code", $"GT{i:D6}"), new("name", $"镇{i}"), new("town_level", level), new("population", population),
            ]);
        }
    }

    /// <summary>
    /// Sites: centralized ones (a ~300-600 m square with a capacity) and separate ones (a point).
    /// In the Ordos box a share <paramref name="centralized"/> (default four in five) at random; on
    /// the national grid the first <see cref="CentralizedSites"/> of them, then the separate ones,
    /// each kind dealt round the counties in turn (site i's county is <see cref="SiteCounty"/>) and
    /// carrying its county as unit_code.
    /// </summary>
    public IEnumerable<IFeature> Sites(int count, double centralized = 0.8)
    {
        var r = For(5);
        var central = CentralizedSites(count);
        for (var i = 1; i <= count; i++)
        {
            var national = _area.IsNational;
            var c = national ? _area.Position(r, SiteCounty(i, count)) : _area.Position(r);
            List<KeyValuePair<string, object?>> unit = national ? [new("unit_code", _area.CountyCodes[SiteCounty(i, count)])] : [];
            if (national ? i <= central : r.Chance(centralized))
            {
                var h = r.Range(0.0015, 0.003);
                var ring = new[] { new Coordinate(c.X - h, c.Y - h), new Coordinate(c.X + h, c.Y - h), new Coordinate(c.X + h, c.Y + h), new Coordinate(c.X - h, c.Y + h), new Coordinate(c.X - h, c.Y - h) };
                yield return GeoJsonIO.Feature(Factory.CreatePolygon(ring),
                [
                    new("code", $"GS{i:D6}"), new("name", $"安置点{i}"), new("site_type", "centralized"), new("capacity_households", r.Int(20, 600)), .. unit,
                ]);
            }
            else
            {
                yield return GeoJsonIO.Feature(Factory.CreatePoint(c),
                [
                    new("code", $"GS{i:D6}"), new("name", $"分散安置{i}"), new("site_type", "separate"), new("separate_kind", r.Chance(0.6) ? "self_built" : "purchased"), .. unit,
                ]);
            }
        }
    }

    /// <summary>On the national grid, how many of <paramref name="sites"/> are centralized: 35k of 735k, as in the programme.</summary>
    public int CentralizedSites(int sites) => _area.IsNational ? (int)Math.Round(sites * 35.0 / 735.0) : 0;

    /// <summary>The county (an index of the area's counties) of national site <paramref name="i"/> (1-based) of <paramref name="sites"/>.</summary>
    int SiteCounty(int i, int sites)
    {
        var central = CentralizedSites(sites);
        return (i <= central ? i - 1 : i - central - 1) % _area.CountyCodes.Count;
    }

    /// <summary>
    /// Household CSV records in <see cref="Registry.HouseholdCsv.AllColumns"/> order (the required
    /// columns, then the programme's facts); empty = not yet or not known. Site codes refer to generated sites.
    /// </summary>
    public IEnumerable<string[]> Households(int count, int sites) => GenerateHouseholds(count, sites).Select(h => h.Record);

    /// <summary>A generated household, with what the employment generator derives from it.</summary>
    sealed record GeneratedHousehold(string[] Record, string Code, int Members, DateOnly Registered, DateOnly? MovedIn, int Labour);

    /// <summary>The required columns draw from stream 6 (as before the facts existed), the facts from stream 7.</summary>
    IEnumerable<GeneratedHousehold> GenerateHouseholds(int count, int sites)
    {
        var r = For(6);
        var facts = For(7);
        var inv = CultureInfo.InvariantCulture;
        var separateUsed = new int[_area.CountyCodes.Count];
        for (var i = 1; i <= count; i++)
        {
            var unit = _area.County(r);
            var county = _area.CountyCodes[unit];
            var type = r.Weighted(("centralized", 7.0), ("separate_self_built", 2.0), ("separate_purchased", 1.0));
            var site = _area.IsNational ? "" : sites > 0 ? $"GS{r.Int(1, sites):D6}" : "";
            if (_area.IsNational) (type, site) = NationalSite(r, unit, type, sites, separateUsed);
            var registered = new DateOnly(2016, 1, 1).AddDays(r.Int(0, 540));
            var keys = r.Chance(0.85) ? registered.AddDays(r.Int(60, 500)) : (DateOnly?)null;
            var moved = keys is { } k && r.Chance(0.7) ? k.AddDays(r.Int(0, 120)) : (DateOnly?)null;
            var members = r.Int(1, 7);
            var code = $"H{county}{i:D7}";
            string[] required = [code, r.Pick(Surnames) + r.Pick(Given), members.ToString(inv), county,
                _area.OriginVillage(r, unit), site, type, Date(registered), Date(keys), Date(moved)];
            var (fact, labour) = Facts(facts, members, moved);
            yield return new GeneratedHousehold([.. required, .. fact], code, members, registered, moved, labour);
        }
    }

    /// <summary>
    /// A national household's site, in its own county: a centralized site of the county at random
    /// (a county without one settles its households separately), or the county's next separate
    /// site (one household each) while the county has one left.
    /// </summary>
    (string Type, string Site) NationalSite(DemoRandom r, int county, string type, int sites, int[] separateUsed)
    {
        var (n, central) = (_area.CountyCodes.Count, CentralizedSites(sites));
        var inCounty = county < central ? (central - 1 - county) / n + 1 : 0;
        if (type == "centralized" && inCounty > 0) return (type, $"GS{county + 1 + n * r.Int(0, inCounty - 1):D6}");
        if (type == "centralized") type = "separate_self_built";
        var i = central + county + 1 + n * separateUsed[county];
        if (i > sites) return (type, "");
        separateUsed[county]++;
        return (type, $"GS{i:D6}");
    }

    static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    static void AddWork(DemoRandom r, List<KeyValuePair<string, object?>> props)
    {
        var status = r.Weighted(("completed", 5.0), ("under_construction", 2.0), ("planned", 3.0));
        var planned = new DateOnly(2015, 1, 1).AddDays(r.Int(0, 900));
        props.Add(new("status", status));
        props.Add(new("planned_on", planned));
        if (status == "planned") return;
        var started = planned.AddDays(r.Int(10, 200));
        props.Add(new("started_on", started));
        if (status == "completed") props.Add(new("completed_on", started.AddDays(r.Int(20, 400))));
    }

    /// <summary>A random walk that keeps heading roughly one way, so it never crosses itself.</summary>
    LineString Walk(DemoRandom r, int vertices, double minStep, double maxStep)
    {
        var p = _area.Position(r);
        var heading = r.Range(0, 2 * Math.PI);
        var pts = new Coordinate[vertices];
        pts[0] = p;
        for (var k = 1; k < vertices; k++)
        {
            heading += r.Range(-0.5, 0.5);
            var step = r.Range(minStep, maxStep);
            pts[k] = new Coordinate(Math.Round(pts[k - 1].X + step * Math.Cos(heading), 6), Math.Round(pts[k - 1].Y + step * Math.Sin(heading), 6));
        }
        return Factory.CreateLineString(pts);
    }
}
