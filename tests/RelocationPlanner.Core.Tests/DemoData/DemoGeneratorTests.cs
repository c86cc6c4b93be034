using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Tests.DemoData;

/// <summary>Generates once from the committed banner outlines; the tests share the result.</summary>
public sealed class OrdosDemoFixture
{
    public OrdosDemoFixture()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "data", "ordos", "banners.geojson")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? throw new FileNotFoundException("data/ordos/banners.geojson not found above the test binaries."),
            "data", "ordos", "banners.geojson");
        Units = GeoJsonIO.ReadCollection(File.ReadAllText(path));
        Banners = Units.Where(u => u.Text("level") == "county").ToList();
        Data = DemoGenerator.Generate(Units);
        var union = Units.Single(u => u.Text("level") == "city").Geometry;
        Union = PreparedGeometryFactory.Prepare(union);
        // Polygons share the banners' borders; allow them the 6-decimal snapping (~0.1 m).
        Tolerant = PreparedGeometryFactory.Prepare(union.Buffer(1e-5));
    }

    public IReadOnlyList<IFeature> Units { get; }
    public IReadOnlyList<IFeature> Banners { get; }
    public DemoDataSet Data { get; }
    public IPreparedGeometry Union { get; }
    public IPreparedGeometry Tolerant { get; }
}

public class DemoGeneratorTests(OrdosDemoFixture fx) : IClassFixture<OrdosDemoFixture>
{
    private static readonly string[] Infrastructure = ["roads", "wells", "power_lines"];

    private IEnumerable<(string Layer, IFeature Feature)> All =>
        fx.Data.Layers.SelectMany(l => l.Features.Select(f => (l.Name, f)));

    [Fact]
    public void Same_seed_gives_identical_output_and_another_seed_differs()
    {
        var again = DemoGenerator.Generate(fx.Units);
        var other = DemoGenerator.Generate(fx.Units, 7);

        foreach (var ((name, a), (_, b)) in fx.Data.Layers.Zip(again.Layers))
        {
            Assert.True(GeoJsonIO.ToJson(a) == GeoJsonIO.ToJson(b), $"{name} differs between two runs");
        }

        Assert.NotEqual(GeoJsonIO.ToJson(fx.Data.Roads), GeoJsonIO.ToJson(other.Roads));
        Assert.NotEqual(GeoJsonIO.ToJson(fx.Data.Settlements), GeoJsonIO.ToJson(other.Settlements));
    }

    [Fact]
    public void Every_layer_has_features_with_the_contract_properties()
    {
        string[] admin = ["code", "name", "level"];
        var expected = new Dictionary<string, string[]>
        {
            ["towns"] = ["code", "name", "town_level", "population"],
            ["settlements"] = ["code", "name", "unit_code", "population", "households"],
            ["sites"] = ["code", "name", "site_type", "separate_kind", "capacity_households", "unit_code"],
            ["roads"] = ["code", "road_class", "surface", "status", "planned_on", "started_on", "completed_on"],
            ["wells"] = ["code", "well_type", "status", "planned_on", "started_on", "completed_on"],
            ["power_lines"] = ["code", "voltage_kv", "status", "planned_on", "started_on", "completed_on"],
        };
        foreach (var (name, features) in fx.Data.Layers)
        {
            Assert.NotEmpty(features);
            var keys = expected.GetValueOrDefault(name, admin);
            Assert.All(features, f => Assert.All(keys, k => Assert.Contains(k, f.Attributes.GetNames())));
        }
    }

    [Fact]
    public void Every_geometry_is_valid_in_china_and_inside_the_banners()
    {
        var china = new Envelope(73, 136, 3, 54);
        var f = fx.Union.Geometry.Factory;
        foreach (var (layer, feature) in All)
        {
            var g = feature.Geometry;
            Assert.True(g.IsValid, $"{layer} {feature.Text("code")} is invalid");
            Assert.False(g.IsEmpty, $"{layer} {feature.Text("code")} is empty");
            Assert.True(china.Contains(g.EnvelopeInternal), $"{layer} {feature.Text("code")} is outside China");
            if (g is Point or LineString)
            {
                Assert.All(g.Coordinates, c => Assert.True(fx.Union.Covers(f.CreatePoint(c)), $"{layer} {feature.Text("code")} leaves Ordos at {c}"));
            }
            else
            {
                Assert.True(fx.Tolerant.Covers(g), $"{layer} {feature.Text("code")} leaves Ordos");
            }
        }
    }

    [Fact]
    public void Codes_are_unique_across_all_layers()
    {
        var codes = All.Select(x => x.Feature.Text("code")).ToList();
        Assert.All(codes, c => Assert.False(string.IsNullOrEmpty(c)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Settlements_have_plausible_households_and_lie_in_their_township()
    {
        var townships = fx.Data.AdminUnits.Where(u => u.Text("level") == "township").ToDictionary(u => u.Text("code")!);
        Assert.All(fx.Data.Settlements, s =>
        {
            var (people, households) = (s.Integer("population"), s.Integer("households"));
            Assert.True(people >= households && households > 0);
            Assert.InRange((double)people / households, 2.0, 3.5);
            Assert.True(townships[s.Text("unit_code")!].Geometry.Buffer(1e-5).Covers(s.Geometry));
        });
    }

    [Fact]
    public void Status_and_dates_agree()
    {
        foreach (var (_, f) in All.Where(x => Infrastructure.Contains(x.Layer)))
        {
            var planned = DateOnly.Parse(f.Text("planned_on")!, System.Globalization.CultureInfo.InvariantCulture);
            var started = f.Text("started_on") is { } s ? DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : (DateOnly?)null;
            var completed = f.Text("completed_on") is { } c ? DateOnly.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : (DateOnly?)null;
            switch (f.Text("status"))
            {
                case "planned": Assert.Null(started); Assert.Null(completed); break;
                case "under_construction": Assert.NotNull(started); Assert.Null(completed); break;
                case "completed": Assert.NotNull(started); Assert.NotNull(completed); break;
                default: Assert.Fail($"unknown status {f.Text("status")}"); break;
            }

            Assert.True(planned <= (started ?? planned) && (started ?? planned) <= (completed ?? started ?? planned));
            Assert.InRange(completed ?? started ?? planned, new DateOnly(2014, 1, 1), new DateOnly(2018, 12, 31));
            Assert.True(planned.Year >= 2014);
        }

        var roads = fx.Data.Roads;
        Assert.InRange(roads.Count(r => r.Text("status") == "completed") / (double)roads.Count, 0.65, 0.85);
    }

    [Fact]
    public void Townships_partition_each_banner()
    {
        var townships = fx.Data.AdminUnits.Where(u => u.Text("level") == "township").ToList();
        foreach (var banner in fx.Banners)
        {
            var parts = townships.Where(t => t.Text("parent_code") == banner.Text("code")).ToList();
            Assert.InRange(parts.Count, 4, 6);
            Assert.All(parts, t => Assert.StartsWith(banner.Text("code")!, t.Text("code"), StringComparison.Ordinal));
            var sum = parts.Sum(t => t.Geometry.Area);
            Assert.InRange(sum / banner.Geometry.Area, 0.995, 1.005);
            Assert.All(parts, t => Assert.IsType<MultiPolygon>(t.Geometry));
        }
    }

    [Fact]
    public void Admin_units_list_parents_before_children()
    {
        var seen = new HashSet<string>();
        foreach (var unit in fx.Data.AdminUnits)
        {
            if (unit.Text("parent_code") is { } parent)
            {
                Assert.Contains(parent, seen);
            }

            seen.Add(unit.Text("code")!);
        }

        Assert.Equal(["province", "city"], fx.Data.AdminUnits.Take(2).Select(u => u.Text("level")));
    }

    [Fact]
    public void Sites_follow_their_type()
    {
        var sites = fx.Data.Sites;
        Assert.InRange(sites.Count, 25, 35);
        Assert.All(sites, s =>
        {
            if (s.Text("site_type") == "centralized")
            {
                Assert.IsType<Polygon>(s.Geometry);
                Assert.Null(s.Text("separate_kind"));
                Assert.InRange(s.Integer("capacity_households"), 20, 150);
                var env = s.Geometry.EnvelopeInternal;
                var widthKm = Math.Max(env.Width * 111.32 * Math.Cos(env.Centre.Y * Math.PI / 180), env.Height * 111.32);
                Assert.InRange(widthKm, 0.15, 0.65);
            }
            else
            {
                Assert.Equal("separate", s.Text("site_type"));
                Assert.IsType<Point>(s.Geometry);
                Assert.Contains(s.Text("separate_kind"), new[] { "self_built", "purchased" });
                Assert.Equal(1, s.Integer("capacity_households"));
            }

            Assert.Matches(@"^S1506\d\d-\d{3}$", s.Text("code")!);
        });
        Assert.True(sites.Count(s => s.Text("site_type") == "centralized") > sites.Count / 2);
    }

    [Fact]
    public void Each_banner_has_its_seat_inside_it()
    {
        foreach (var banner in fx.Banners)
        {
            var seat = fx.Data.Towns.Single(t => t.Text("code") == "T" + banner.Text("code"));
            Assert.Contains(seat.Text("town_level"), new[] { "county_seat", "city" });
            Assert.True(banner.Geometry.Covers(seat.Geometry));
        }
    }
}
