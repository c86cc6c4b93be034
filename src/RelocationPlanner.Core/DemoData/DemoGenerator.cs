using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Triangulate;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.DemoData;

/// <summary>
/// Generates the Ordos demo layers from the banner outlines: pure and deterministic (the same
/// outlines and seed give the same features, in the same order).
/// </summary>
public sealed partial class DemoGenerator
{
    /// <summary>1 January 2016: the start of the Ordos relocation programme.</summary>
    public const long DefaultSeed = 20160101;

    private readonly GeometryFactory _factory;
    private readonly DemoRandom _rng;
    private readonly DemoNames _names;
    private readonly List<IFeature> _upperUnits = [];
    private readonly List<BannerCtx> _banners = [];
    private readonly IPreparedGeometry _all;

    private DemoGenerator(IReadOnlyList<IFeature> adminUnits, long seed)
    {
        _rng = new DemoRandom(seed);
        _names = new DemoNames(_rng);
        _factory = adminUnits.Count > 0 ? adminUnits[0].Geometry.Factory : new GeometryFactory(new PrecisionModel(), 4326);
        foreach (var unit in adminUnits)
        {
            if (unit.Text("level") != "county")
            {
                _upperUnits.Add(unit);
                continue;
            }

            var code = unit.Text("code") ?? throw new ArgumentException("A banner has no code.");
            var info = OrdosCatalogue.Find(code) ?? throw new ArgumentException($"Banner {code} is not in the catalogue.");
            var area = BannerOutlines.ToMultiPolygon(unit.Geometry, _factory);
            _banners.Add(new BannerCtx(info, unit, area, PreparedGeometryFactory.Prepare(area)));
        }

        if (_banners.Count == 0)
        {
            throw new ArgumentException("No county-level (banner) units in the input.", nameof(adminUnits));
        }

        _all = PreparedGeometryFactory.Prepare(_factory.BuildGeometry(_banners.Select(b => (Geometry)b.Area)).Union());
    }

    /// <summary>Generates every demo layer from the admin units of banners.geojson.</summary>
    public static DemoDataSet Generate(IReadOnlyList<IFeature> adminUnits, long seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(adminUnits);
        return new DemoGenerator(adminUnits, seed).Run();
    }

    private DemoDataSet Run()
    {
        foreach (var banner in _banners)
        {
            PlaceSeat(banner);
            BuildTownships(banner);
        }

        var towns = BuildTowns();
        var settlements = BuildSettlements();
        var network = new DemoNetworks(_factory, _rng, _all);
        network.BuildRoads(_banners, _settlements);
        var sites = BuildSites(network);
        var wells = BuildWells();
        network.BuildPowerLines();
        var admin = new List<IFeature>(_upperUnits);
        admin.AddRange(_banners.Select(b => b.Feature));
        admin.AddRange(_banners.SelectMany(b => b.Townships).Select(t => t.Feature));
        return new DemoDataSet(admin, towns, settlements, sites, network.Roads, wells, network.PowerLines);
    }

    /// <summary>Uses the real seat; nudges it toward the banner's interior point if it falls outside.</summary>
    private void PlaceSeat(BannerCtx banner)
    {
        var seat = DemoGeo.Round(new Coordinate(banner.Info.SeatLon, banner.Info.SeatLat));
        var inner = banner.Area.InteriorPoint.Coordinate;
        for (var t = 0.05; !DemoGeo.Inside(banner.Prepared, seat) && t <= 1.0; t += 0.05)
        {
            seat = DemoGeo.Round(DemoGeo.Lerp(new Coordinate(banner.Info.SeatLon, banner.Info.SeatLat), inner, t));
        }

        banner.Seat = seat;
    }

    /// <summary>Townships partition the banner: Voronoi cells of random seeds, clipped to it.</summary>
    private void BuildTownships(BannerCtx banner)
    {
        var isDistrict = banner.Info.NameZh.EndsWith('区');
        var n = isDistrict ? 4 : _rng.Int(4, 6);
        var areaKm2 = banner.Area.Area * DemoGeo.KmPerDegLon(banner.Seat.Y) * 111.32;
        var spacing = 0.5 * Math.Sqrt(areaKm2 / n);
        var seeds = new List<Coordinate>();
        while (seeds.Count < n)
        {
            var c = DemoGeo.RandomPointIn(banner.Prepared, _rng, c =>
                DemoGeo.DistanceKm(c, banner.Seat) > spacing * 0.4 && seeds.All(s => DemoGeo.DistanceKm(c, s) > spacing));
            if (c is null)
            {
                spacing *= 0.8; // small or odd-shaped banner: relax rather than fail
                continue;
            }

            seeds.Add(c);
        }

        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(seeds);
        var env = banner.Area.EnvelopeInternal.Copy();
        env.ExpandBy(0.5);
        builder.ClipEnvelope = env;
        var cells = builder.GetDiagram(_factory);
        var counters = new Dictionary<string, int> { ["街道"] = 0, ["镇"] = 100, ["苏木"] = 200 };
        foreach (var seed in seeds)
        {
            var cell = cells.Geometries.First(g => g.UserData is Coordinate uc && uc.Equals2D(seed));
            var area = BannerOutlines.ToMultiPolygon(BannerOutlines.Reduce(cell.Intersection(banner.Area)), _factory);
            var kind = isDistrict ? "街道" : _rng.Chance(0.5) ? "镇" : "苏木";
            var code = banner.Info.Code + (++counters[kind]).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            var name = _names.Next() + kind;
            var feature = GeoJsonIO.Feature(area, P(("code", code), ("name", name), ("level", "township"), ("parent_code", banner.Info.Code)));
            banner.Townships.Add(new TownshipCtx(code, name, area, PreparedGeometryFactory.Prepare(area), seed, feature));
        }

        banner.Townships.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
    }

    private List<IFeature> BuildTowns()
    {
        var towns = new List<IFeature>();
        foreach (var b in _banners)
        {
            var level = b.Info.Code == OrdosCatalogue.CitySeatBannerCode ? "city" : "county_seat";
            towns.Add(GeoJsonIO.Feature(_factory.CreatePoint(b.Seat),
                P(("code", "T" + b.Info.Code), ("name", b.Info.SeatZh), ("name_en", b.Info.SeatEn), ("town_level", level), ("population", b.Info.SeatPopulation))));
        }

        foreach (var t in _banners.SelectMany(b => b.Townships))
        {
            var population = (int)Math.Round(_rng.Range(1500, 12000) / 10) * 10;
            towns.Add(GeoJsonIO.Feature(_factory.CreatePoint(t.Town),
                P(("code", "T" + t.Code), ("name", t.Name), ("town_level", "township"), ("population", population))));
        }

        return towns;
    }

    private readonly List<PlaceCtx> _settlements = [];

    /// <summary>Origin villages: scattered, away from towns (people move from remote places).</summary>
    private List<IFeature> BuildSettlements()
    {
        var result = new List<IFeature>();
        foreach (var b in _banners)
        {
            var towns = b.Townships.Select(t => t.Town).Append(b.Seat).ToList();
            var count = _rng.Int(7, 9);
            var placed = new List<Coordinate>();
            var minKm = 3.0;
            while (placed.Count < count)
            {
                var c = DemoGeo.RandomPointIn(b.Prepared, _rng, c =>
                    towns.Concat(placed).All(o => DemoGeo.DistanceKm(c, o) > minKm));
                if (c is null)
                {
                    minKm *= 0.7;
                    continue;
                }

                placed.Add(c);
                var township = TownshipAt(c);
                var code = township.Code + (201 + township.VillageCount++).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
                var name = _names.Next() + (_rng.Chance(0.6) ? "嘎查" : "村");
                var population = _rng.Int(60, 480);
                var households = Math.Max(1, (int)Math.Round(population / _rng.Range(2.1, 3.4)));
                _settlements.Add(new PlaceCtx(code, name, c, b.Info.Code));
                result.Add(GeoJsonIO.Feature(_factory.CreatePoint(c), P(("code", code), ("name", name),
                    ("unit_code", township.Code), ("population", population), ("households", households))));
            }
        }

        return result;
    }

    /// <summary>The township containing a point (nearest one for points on a shared border).</summary>
    private TownshipCtx TownshipAt(Coordinate c)
    {
        var p = _factory.CreatePoint(c);
        var all = _banners.SelectMany(b => b.Townships).ToList();
        return all.FirstOrDefault(t => t.Prepared.Covers(p)) ?? all.MinBy(t => t.Area.Distance(p))!;
    }

    internal static List<KeyValuePair<string, object?>> P(params (string Key, object? Value)[] items) =>
        items.Select(i => new KeyValuePair<string, object?>(i.Key, i.Value)).ToList();

    internal sealed class BannerCtx(BannerInfo info, IFeature feature, MultiPolygon area, IPreparedGeometry prepared)
    {
        public BannerInfo Info { get; } = info;
        public IFeature Feature { get; } = feature;
        public MultiPolygon Area { get; } = area;
        public IPreparedGeometry Prepared { get; } = prepared;
        public Coordinate Seat { get; set; } = new();
        public List<TownshipCtx> Townships { get; } = [];
    }

    internal sealed record TownshipCtx(string Code, string Name, MultiPolygon Area, IPreparedGeometry Prepared, Coordinate Town, IFeature Feature)
    {
        public int VillageCount { get; set; }
    }

    internal sealed record PlaceCtx(string Code, string Name, Coordinate Location, string BannerCode);
}
