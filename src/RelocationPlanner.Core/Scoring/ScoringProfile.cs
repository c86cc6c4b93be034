using System.Text.Json.Serialization;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// A versioned set of scoring rules: per-criterion weights and value functions, hard limits,
/// exclusion zones and minimum distances. Serialises to snake_case JSON so the API can accept
/// it in a request body; call <see cref="Validate"/> before use. All distances are metres.
/// </summary>
public sealed record ScoringProfile
{
    /// <summary>Stable identifier, e.g. <c>default</c>.</summary>
    [JsonPropertyName("code")]
    public string Code { get; init; } = "";

    /// <summary>Version of this profile; stored with every scoring run.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    /// <summary>Readable name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>
    /// Future scenario: when true, planned and under-construction infrastructure counts as
    /// access for every criterion without its own <c>statuses</c> list. Default false (completed only).
    /// </summary>
    [JsonPropertyName("include_planned")]
    public bool IncludePlanned { get; init; }

    /// <summary>Criteria to score, each at most once. A criterion not listed is not scored.</summary>
    [JsonPropertyName("criteria")]
    public IReadOnlyList<CriterionSettings> Criteria { get; init; } = [];

    /// <summary>Areas where a site is excluded.</summary>
    [JsonPropertyName("exclusion_zones")]
    public IReadOnlyList<ExclusionZone> ExclusionZones { get; init; } = [];

    /// <summary>Minimum distances to other features (e.g. existing settlements).</summary>
    [JsonPropertyName("min_distances")]
    public IReadOnlyList<MinDistanceRule> MinDistances { get; init; } = [];

    /// <summary>Optional pairwise comparison; when set its weights replace the criteria's <c>weight</c> fields.</summary>
    [JsonPropertyName("ahp")]
    public AhpInput? Ahp { get; init; }

    /// <summary>
    /// The built-in profile: linear decay for every criterion (road 500 m → 5 km, water 1 → 5 km,
    /// power 1 → 10 km, town 5 → 30 km), weights 0.3 / 0.25 / 0.2 / 0.25, completed infrastructure only,
    /// straight-line distances, no exclusions.
    /// </summary>
    public static ScoringProfile Default { get; } = new()
    {
        Code = "default",
        Version = 1,
        Name = "Default: access to road, water, power and town",
        Criteria =
        [
            new() { Criterion = Scoring.Criteria.Road, Weight = 0.30, Function = ValueFunction.LinearDecay(500, 5_000) },
            new() { Criterion = Scoring.Criteria.Water, Weight = 0.25, Function = ValueFunction.LinearDecay(1_000, 5_000) },
            new() { Criterion = Scoring.Criteria.Power, Weight = 0.20, Function = ValueFunction.LinearDecay(1_000, 10_000) },
            new() { Criterion = Scoring.Criteria.Town, Weight = 0.25, Function = ValueFunction.LinearDecay(5_000, 30_000) },
        ],
    };

    /// <summary>Settings for <paramref name="criterion"/>, or null when the profile does not score it.</summary>
    public CriterionSettings? Get(string criterion) => Criteria.FirstOrDefault(c => c.Criterion == criterion);

    /// <summary>Statuses that give access for <paramref name="criterion"/>: its own list, else by <see cref="IncludePlanned"/>.</summary>
    public IReadOnlyList<string> StatusesFor(string criterion) =>
        Get(criterion)?.Statuses
        ?? (IncludePlanned ? InfrastructureStatus.All : [InfrastructureStatus.Completed]);

    /// <summary>
    /// Raw weight per listed criterion (AHP-derived when <see cref="Ahp"/> is set, criteria missing
    /// from the AHP list get 0). Not normalised. Assumes a valid profile.
    /// </summary>
    public IReadOnlyDictionary<string, double> ResolveWeights()
    {
        var weights = Criteria.ToDictionary(c => c.Criterion, c => c.Weight);
        if (Ahp is null) return weights;
        var result = Scoring.Ahp.Compute(Ahp.Matrix);
        if (!result.IsValid) throw new InvalidOperationException("The profile's AHP matrix is invalid; call Validate() first.");
        foreach (var key in weights.Keys.ToList()) weights[key] = 0;
        for (int i = 0; i < Ahp.Criteria.Count; i++) weights[Ahp.Criteria[i]] = result.Weights[i];
        return weights;
    }

    /// <summary>
    /// All problems with this profile (empty when usable). Paths use the JSON names, e.g.
    /// <c>criteria[2].function.zero_m</c>, <c>ahp.matrix[1][0]</c>.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(Code)) errors.Add(new("code", "'code' is required."));
        if (Version < 1) errors.Add(new("version", "'version' must be 1 or more."));
        if (Criteria is null || Criteria.Count == 0)
        {
            errors.Add(new("criteria", "At least one criterion is required."));
            return errors;
        }

        var seen = new HashSet<string>();
        for (int i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            if (c is null) { errors.Add(new($"criteria[{i}]", "Criterion settings must not be null.")); continue; }
            errors.AddRange(c.Validate($"criteria[{i}]"));
            if (Scoring.Criteria.IsKnown(c.Criterion) && !seen.Add(c.Criterion))
                errors.Add(new($"criteria[{i}].criterion", $"Criterion '{c.Criterion}' is listed more than once."));
        }

        if (Ahp is null)
        {
            double sum = Criteria.Where(c => c is not null && double.IsFinite(c.Weight) && c.Weight > 0).Sum(c => c.Weight);
            if (!(sum > 0)) errors.Add(new("criteria", "Weights must sum to a positive value.", Features.Rules.WeightsSum));
        }
        else
        {
            ValidateAhp(Ahp, seen, errors);
        }

        for (int i = 0; i < (ExclusionZones?.Count ?? 0); i++) errors.AddRange(ExclusionZones![i].Validate($"exclusion_zones[{i}]"));
        for (int i = 0; i < (MinDistances?.Count ?? 0); i++) errors.AddRange(MinDistances![i].Validate($"min_distances[{i}]"));
        return errors;
    }

    private static void ValidateAhp(AhpInput ahp, HashSet<string> listed, List<ValidationError> errors)
    {
        var names = ahp.Criteria ?? [];
        var unique = new HashSet<string>();
        for (int i = 0; i < names.Count; i++)
        {
            if (!Scoring.Criteria.IsKnown(names[i])) errors.Add(new($"ahp.criteria[{i}]", $"Unknown criterion '{names[i]}'."));
            else if (!listed.Contains(names[i])) errors.Add(new($"ahp.criteria[{i}]", $"Criterion '{names[i]}' is not in the profile's criteria."));
            if (!unique.Add(names[i])) errors.Add(new($"ahp.criteria[{i}]", $"Criterion '{names[i]}' is listed more than once."));
        }
        var matrix = ahp.Matrix ?? [];
        if (matrix.Count != names.Count)
        {
            errors.Add(new("ahp.matrix", $"Matrix must have one row per AHP criterion ({names.Count}); got {matrix.Count}."));
            return;
        }
        foreach (var e in Scoring.Ahp.Compute(matrix).Errors) errors.Add(e with { Path = "ahp." + e.Path });
    }
}
