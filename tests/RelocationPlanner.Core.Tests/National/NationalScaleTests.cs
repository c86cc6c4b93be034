using System.Globalization;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Tests.National;

/// <summary>
/// The national scale case at a small scale: the unit grid's shape (levels, counts, parents that
/// cover their children exactly), and households, sites and payments that refer to it consistently.
/// </summary>
public class NationalScaleTests
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void The_full_counts_are_the_programmes_and_a_province_is_a_31st_of_them()
    {
        Assert.Equal(new ScaleCounts(2_000_000, 500_000, 500_000, 0, 735_000, 3_000_000), ScaleCounts.National(31));
        Assert.Equal(new ScaleCounts(64_516, 16_129, 16_129, 0, 23_710, 96_774), ScaleCounts.National(1));
        Assert.Equal(1_395, ScaleArea.National(31).CountyCodes.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleArea.National(32));
    }

    [Fact]
    public void Units_nest_level_by_level_and_tile_their_parent()
    {
        var units = ScaleArea.National(2).AdminUnits().Select(f => (
            Code: (string)f.Attributes["code"], Level: (string)f.Attributes["level"],
            Parent: f.Attributes.GetOptionalValue("parent_code") as string, Geom: f.Geometry)).ToList();
        var byLevel = units.GroupBy(u => u.Level).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["province"] = 2, ["city"] = 10, ["county"] = 90, ["township"] = 1_080, ["village"] = 9_720 }, byLevel);
        Assert.Equal(units.Count, units.Select(u => u.Code).Distinct().Count());
        var seen = new Dictionary<string, Geometry>();
        var children = new Dictionary<string, double>();
        foreach (var u in units)
        {
            Assert.Equal(u.Level == "province", u.Parent is null);
            if (u.Parent is not null)
            {
                // Parents come first (the order an import needs), and cover their children.
                Assert.True(seen.TryGetValue(u.Parent, out var parent), $"{u.Code}'s parent {u.Parent} comes later");
                Assert.True(parent.Covers(u.Geom), $"{u.Parent} does not cover {u.Code}");
                Assert.StartsWith(u.Parent, u.Code, StringComparison.Ordinal);
                children[u.Parent] = children.GetValueOrDefault(u.Parent) + u.Geom.Area;
            }
            Assert.Equal(5, u.Geom.NumPoints);
            seen[u.Code] = u.Geom;
        }
        // Siblings tile their parent: their areas add up to it (no gaps, no overlaps, as they are all covered).
        foreach (var (code, area) in children) Assert.Equal(seen[code].Area, area, 9);
        Assert.Equal(9_720, ScaleArea.National(2).Settlements().Count());
    }

    [Fact]
    public void Households_sites_and_payments_refer_to_the_grid_consistently()
    {
        var area = ScaleArea.National(1);
        var g = new ScaleGenerator(3, area);
        const int Sites = 1_470, Households = 3_000; // 70 centralized, 1,400 separate
        var counties = area.AdminUnits().Where(f => (string)f.Attributes["level"] == "county")
            .ToDictionary(f => (string)f.Attributes["code"], f => f.Geometry);
        var villages = area.Settlements().Select(f => (string)f.Attributes["code"]).ToHashSet();
        var sites = g.Sites(Sites).ToDictionary(f => (string)f.Attributes["code"]);
        Assert.Equal(70, g.CentralizedSites(Sites));
        Assert.Equal(70, sites.Values.Count(s => (string)s.Attributes["site_type"] == "centralized"));
        Assert.All(sites.Values, s => Assert.True(counties[(string)s.Attributes["unit_code"]].Covers(s.Geometry), $"{s.Attributes["code"]} outside its county"));

        var layout = HouseholdCsv.ReadHeader([.. HouseholdCsv.AllColumns]).Layout!;
        var households = g.Households(Households, Sites).ToList();
        var members = new Dictionary<string, int>();
        var separateSites = new HashSet<string>();
        foreach (var (h, i) in households.Select((h, i) => (h, i)))
        {
            var (row, errors) = layout.Parse(i + 2, h);
            Assert.True(row is not null, string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
            Assert.Contains(row.UnitCode, counties.Keys);
            Assert.Contains(row.OriginSettlementCode!, villages);
            Assert.StartsWith(row.UnitCode, row.OriginSettlementCode!, StringComparison.Ordinal);
            members[row.Code] = row.Members;
            if (row.SiteCode is null) { Assert.NotEqual("centralized", row.SettlementType); continue; }
            var site = sites[row.SiteCode];
            Assert.Equal(row.UnitCode, site.Attributes["unit_code"]);
            Assert.Equal(row.SettlementType == "centralized" ? "centralized" : "separate", site.Attributes["site_type"]);
            if (row.SettlementType != "centralized") Assert.True(separateSites.Add(row.SiteCode), $"separate site {row.SiteCode} given twice");
        }
        Assert.InRange(separateSites.Count, 600, 1_000); // three in ten households settle separately, each on a site of its own

        var payments = g.Payments(Households, Sites).ToList();
        Assert.InRange(payments.Count, Households, 3 * Households);
        var perPerson = ScaleGenerator.PolicyComponents.ToDictionary(c => c.Name, c => c.PerPerson);
        foreach (var paid in payments.GroupBy(p => (p[0], p[1])))
            Assert.True(paid.Sum(p => decimal.Parse(p[2], Inv)) <= members[paid.Key.Item1] * perPerson[paid.Key.Item2], $"{paid.Key} paid over the entitlement");
        Assert.All(payments, p => Assert.True(DateOnly.ParseExact(p[3], "yyyy-MM-dd", Inv) <= Money.Today()));
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        static byte[] Write(int seed)
        {
            var g = new ScaleGenerator(seed, ScaleArea.National(1));
            using var ms = new MemoryStream();
            GeoJsonIO.WriteCollection(ms, [.. g.Sites(200), .. g.Roads(200), .. g.PowerLines(50), .. g.Wells(50)]);
            foreach (var row in g.Households(300, 200).Concat(g.Payments(300, 200)).Concat(g.Employment(300, 200)))
                ms.Write(System.Text.Encoding.UTF8.GetBytes(string.Join(',', row) + "\n"));
            return ms.ToArray();
        }
        Assert.Equal(Write(7), Write(7));
        Assert.NotEqual(Write(7), Write(8));
    }
}
