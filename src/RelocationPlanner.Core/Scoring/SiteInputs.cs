using System.Text.Json.Serialization;

namespace RelocationPlanner.Core.Scoring;

/// <summary>A zone that a site intersects, as reported by the data layer or <see cref="ExclusionCheck"/>.</summary>
/// <param name="Kind"><c>hazard</c>, <c>reserve</c> or <c>reservoir</c>.</param>
/// <param name="Name">The zone's name, quoted in the reason.</param>
public sealed record ZoneHit(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name);

/// <summary>
/// What was measured for one site, the input of <see cref="SuitabilityScorer"/>. Distances are
/// geodesic metres from the site geometry (0 when touching), already filtered by the profile's
/// statuses, classes, voltage and levels; null means no qualifying feature exists.
/// </summary>
public sealed record CriterionDistances
{
    [JsonPropertyName("road_m")] public double? RoadM { get; init; }
    [JsonPropertyName("water_m")] public double? WaterM { get; init; }
    [JsonPropertyName("power_m")] public double? PowerM { get; init; }
    [JsonPropertyName("town_m")] public double? TownM { get; init; }

    /// <summary>Straight leg to the nearest road plus distance along roads to the nearest town, metres; null = not computed or unreachable.</summary>
    [JsonPropertyName("town_network_m")] public double? TownNetworkM { get; init; }

    /// <summary>As <see cref="TownNetworkM"/> but to the nearest water source.</summary>
    [JsonPropertyName("water_network_m")] public double? WaterNetworkM { get; init; }

    /// <summary>Exclusion zones the site intersects (any kind; the profile decides which ones exclude).</summary>
    [JsonPropertyName("zone_hits")] public IReadOnlyList<ZoneHit> ZoneHits { get; init; } = [];

    /// <summary>
    /// Distance in metres to the nearest feature per layer named by the profile's
    /// <see cref="MinDistanceRule"/>s (null value = the layer has no features). A missing key means
    /// "not measured": the rule is not applied and a reason says so.
    /// </summary>
    [JsonPropertyName("nearest")] public IReadOnlyDictionary<string, double?> Nearest { get; init; } = new Dictionary<string, double?>();

    /// <summary>Straight-line distance for a criterion name, metres.</summary>
    public double? DistanceM(string criterion) => criterion switch
    {
        Criteria.Road => RoadM,
        Criteria.Water => WaterM,
        Criteria.Power => PowerM,
        Criteria.Town => TownM,
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, "Unknown criterion."),
    };

    /// <summary>Network distance for a criterion name (town, water), metres; null otherwise.</summary>
    public double? NetworkDistanceM(string criterion) => criterion switch
    {
        Criteria.Town => TownNetworkM,
        Criteria.Water => WaterNetworkM,
        _ => null,
    };
}

/// <summary>One criterion's part of a <see cref="SiteScore"/>.</summary>
/// <param name="Criterion">Criterion name.</param>
/// <param name="DistanceM">Straight-line geodesic distance in metres; null when no qualifying feature.</param>
/// <param name="NetworkDistanceM">Distance via the road network in metres, where computed.</param>
/// <param name="Score">Criterion score in [0, 1] (1 = best); multiply by 100 for a percentage.</param>
/// <param name="Weight">Normalised weight in [0, 1]; the weights of a profile sum to 1.</param>
/// <param name="UsedNetworkDistance">True when <paramref name="Score"/> came from the network distance.</param>
public sealed record CriterionScore(
    [property: JsonPropertyName("criterion")] string Criterion,
    [property: JsonPropertyName("distance_m")] double? DistanceM,
    [property: JsonPropertyName("network_distance_m")] double? NetworkDistanceM,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("used_network_distance")] bool UsedNetworkDistance);

/// <summary>Result of scoring one site.</summary>
/// <param name="Score">Σ weight·score / Σ weight × 100, in [0, 100]; 0 when <paramref name="Excluded"/> (the breakdown keeps the criterion scores).</param>
/// <param name="Excluded">True when a hard limit, exclusion zone or minimum distance rules the site out.</param>
/// <param name="Reasons">Readable reasons: every exclusion, plus notes such as a missing feature or a network fallback.</param>
/// <param name="Criteria">Breakdown in canonical criterion order (road, water, power, town), only criteria in the profile.</param>
public sealed record SiteScore(
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("excluded")] bool Excluded,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons,
    [property: JsonPropertyName("criteria")] IReadOnlyList<CriterionScore> Criteria);
