using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;
using NetTopologySuite;
using NetTopologySuite.IO;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// An area where sites are not allowed. With <see cref="Wkt"/> the polygon travels with the
/// profile (lon/lat degrees, SRID 4326); without it the entry stands for every stored zone of
/// <see cref="Kind"/> and the data layer reports which ones a site touches.
/// </summary>
public sealed record ExclusionZone
{
    /// <summary>Readable name used in exclusion reasons.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary><c>hazard</c>, <c>reserve</c> or <c>reservoir</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    /// <summary>Optional inline (multi)polygon as WKT in lon/lat degrees.</summary>
    [JsonPropertyName("wkt")]
    public string? Wkt { get; init; }

    /// <summary>True when a reported hit of (<paramref name="kind"/>, <paramref name="name"/>) falls under this entry.</summary>
    public bool Covers(string kind, string name) => Kind == kind && (Wkt is null || Name == name);

    /// <summary>Parses <see cref="Wkt"/> (SRID 4326), or null when there is none.</summary>
    /// <exception cref="ParseException">The WKT is malformed.</exception>
    public Geometry? ParseGeometry()
    {
        if (Wkt is null) return null;
        var g = new WKTReader(NtsGeometryServices.Instance).Read(Wkt);
        g.SRID = 4326;
        return g;
    }

    internal IEnumerable<ValidationError> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return new($"{path}.name", "'name' is required.");
        if (!ExclusionZoneKinds.IsKnown(Kind))
            yield return new($"{path}.kind", $"Unknown zone kind '{Kind}'; expected hazard, reserve or reservoir.");
        if (Wkt is null) yield break;
        Geometry? g = null;
        string? problem = null;
        try { g = ParseGeometry(); }
        catch (ParseException e) { problem = $"Invalid WKT: {e.Message}"; }
        if (problem is not null) yield return new($"{path}.wkt", problem);
        else if (g is not (Polygon or MultiPolygon) || g.IsEmpty) yield return new($"{path}.wkt", "Zone must be a non-empty polygon or multipolygon.");
        else if (!g.IsValid) yield return new($"{path}.wkt", "Zone polygon is not valid (self-intersection or bad ring).");
    }
}

/// <summary>
/// A site closer than <see cref="MinM"/> metres to the nearest feature of <see cref="Layer"/>
/// (e.g. an existing settlement) is excluded.
/// </summary>
public sealed record MinDistanceRule
{
    /// <summary>Feature layer measured, e.g. <c>settlements</c>; the key in <see cref="CriterionDistances.Nearest"/>.</summary>
    [JsonPropertyName("layer")]
    public string Layer { get; init; } = "";

    /// <summary>Minimum allowed distance in metres (&gt;= 0).</summary>
    [JsonPropertyName("min_m")]
    public double MinM { get; init; }

    internal IEnumerable<ValidationError> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Layer)) yield return new($"{path}.layer", "'layer' is required.");
        if (!double.IsFinite(MinM) || MinM < 0) yield return new($"{path}.min_m", "'min_m' must be a non-negative number of metres.");
    }
}

/// <summary>
/// An AHP pairwise comparison: <c>matrix[i][j]</c> says how much more important
/// <c>criteria[i]</c> is than <c>criteria[j]</c> (Saaty's 1..9 scale, reciprocal).
/// </summary>
public sealed record AhpInput
{
    [JsonPropertyName("criteria")]
    public IReadOnlyList<string> Criteria { get; init; } = [];

    [JsonPropertyName("matrix")]
    public IReadOnlyList<IReadOnlyList<double>> Matrix { get; init; } = [];
}
