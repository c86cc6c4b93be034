using System.Globalization;

namespace RelocationPlanner.Core.Features;

/// <summary>
/// Cost limits on input that reaches geometry work, each with a default and an environment
/// setting read once at start (docs/security.md lists them). Past one, the input is refused
/// with 422 naming the feature; nothing is stored.
/// </summary>
public static class Limits
{
    /// <summary>Vertices per feature where nothing larger is expected (roads, sites, zones, candidates).</summary>
    public const int DefaultVertices = 50_000;

    /// <summary>Vertices per feature for administrative boundaries: a real county outline has 10^4-10^5.</summary>
    public const int DefaultBoundaryVertices = 250_000;

    /// <summary>Vertices per candidate geometry of POST /api/scoring/evaluate and /sensitivity (RP_MAX_VERTICES_EVALUATE).</summary>
    public static int EvaluateVertices { get; } = Setting("RP_MAX_VERTICES_EVALUATE", DefaultVertices);

    /// <summary>
    /// Bytes of GeoJSON one feature may take, checked before its geometry is parsed: 100 bytes a
    /// vertex (indented text with 15 digits fits) and 1 MB for its properties.
    /// </summary>
    public static long FeatureBytes(int maxVertices) => 1_048_576L + 100L * maxVertices;

    /// <summary>A positive whole number from the environment, or the fallback.</summary>
    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}
