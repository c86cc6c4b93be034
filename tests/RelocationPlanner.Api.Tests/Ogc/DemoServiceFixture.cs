using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>A service started the way tools/run starts it: demo data loaded on first start.</summary>
public sealed class DemoServiceFixture : ServiceFixture
{
    protected override IDictionary<string, string>? Environment => new Dictionary<string, string>
    {
        ["RP_LOAD_DEMO"] = "1",
        ["RP_DEMO_DIR"] = Path.Combine(TestDatabase.RepoRoot, "data", "demo"),
    };
}
