using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Tests.DemoData;

public class OrdosRegistryDemoTests
{
    static OrdosRegistryDemo Make()
    {
        var up = new DirectoryInfo(AppContext.BaseDirectory);
        while (up is not null && !Directory.Exists(Path.Combine(up.FullName, "data", "demo"))) up = up.Parent;
        var dir = Path.Combine(up?.FullName ?? throw new DirectoryNotFoundException("data/demo not found above the test binaries."), "data", "demo");
        return new OrdosRegistryDemo(GeoJsonIO.ReadCollection(File.ReadAllText(Path.Combine(dir, "admin_units.geojson"))),
            GeoJsonIO.ReadCollection(File.ReadAllText(Path.Combine(dir, "settlements.geojson"))));
    }

    [Fact]
    public void The_registry_is_deterministic_and_at_the_published_scale()
    {
        var (a, b) = (Make(), Make());
        Assert.Equal(a.HouseholdCsv, b.HouseholdCsv);
        Assert.Equal(a.PaymentsCsv, b.PaymentsCsv);
        Assert.Equal(a.EmploymentCsv, b.EmploymentCsv);
        var rows = a.HouseholdCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(OrdosRegistryDemo.Households, rows.Count);
        Assert.Equal(OrdosRegistryDemo.People, rows.Sum(r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(8, rows.Select(r => r[3]).Distinct().Count());
        Assert.Equal(OrdosRegistryDemo.CentralizedSites, a.Sites.Count);
        Assert.All(rows, r => Assert.NotEqual("", r[8])); // every household has its keys
        Assert.Equal(3528, rows.Count(r => r[9] != "" && string.CompareOrdinal(r[9], "2017-07-31") <= 0));
        Assert.All(a.Sites, s => Assert.True(s.Geometry.IsValid));
    }
}
