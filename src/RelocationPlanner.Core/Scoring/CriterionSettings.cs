using System.Text.Json.Serialization;

namespace RelocationPlanner.Core.Scoring;

/// <summary>How one criterion is measured and scored within a <see cref="ScoringProfile"/>.</summary>
public sealed record CriterionSettings
{
    /// <summary><c>road</c>, <c>water</c>, <c>power</c> or <c>town</c>.</summary>
    [JsonPropertyName("criterion")]
    public string Criterion { get; init; } = "";

    /// <summary>Relative weight (&gt;= 0); weights are normalised by their sum. Ignored when the profile has <c>ahp</c>.</summary>
    [JsonPropertyName("weight")]
    public double Weight { get; init; }

    /// <summary>Distance-to-score function (metres to [0, 1]).</summary>
    [JsonPropertyName("function")]
    public ValueFunction Function { get; init; } = new();

    /// <summary>Hard limit in metres: a site farther than this (or with no qualifying feature) is excluded. Null = none.</summary>
    [JsonPropertyName("max_distance_m")]
    public double? MaxDistanceM { get; init; }

    /// <summary>Road criterion only: road classes that count (null = all).</summary>
    [JsonPropertyName("road_classes")]
    public IReadOnlyList<string>? RoadClasses { get; init; }

    /// <summary>Power criterion only: lines below this voltage (kV) do not count (null = all).</summary>
    [JsonPropertyName("min_voltage_kv")]
    public double? MinVoltageKv { get; init; }

    /// <summary>Town criterion only: town levels that count, e.g. <c>county</c>, <c>township</c> (null = all).</summary>
    [JsonPropertyName("town_levels")]
    public IReadOnlyList<string>? TownLevels { get; init; }

    /// <summary>Infrastructure statuses that give access; overrides the profile's <c>include_planned</c>. Null = profile default.</summary>
    [JsonPropertyName("statuses")]
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>
    /// Town and water only: score on the distance along the road network (plus the straight leg to
    /// the road) when it is available, falling back to the straight-line distance with a reason.
    /// </summary>
    [JsonPropertyName("use_network_distance")]
    public bool UseNetworkDistance { get; init; }

    /// <summary>Problems with these settings; <paramref name="path"/> prefixes each error's path.</summary>
    public IReadOnlyList<ValidationError> Validate(string path)
    {
        var errors = new List<ValidationError>();
        if (!Criteria.IsKnown(Criterion))
            errors.Add(new($"{path}.criterion", $"Unknown criterion '{Criterion}'; expected road, water, power or town."));
        if (!double.IsFinite(Weight) || Weight < 0)
            errors.Add(new($"{path}.weight", "'weight' must be a non-negative number."));
        if (Function is null) errors.Add(new($"{path}.function", "'function' is required."));
        else errors.AddRange(Function.Validate($"{path}.function"));
        if (MaxDistanceM is double max && (!double.IsFinite(max) || max < 0))
            errors.Add(new($"{path}.max_distance_m", "'max_distance_m' must be a non-negative number of metres."));
        if (RoadClasses is not null && Criterion != Criteria.Road)
            errors.Add(new($"{path}.road_classes", "'road_classes' applies only to the road criterion."));
        if (MinVoltageKv is not null && Criterion != Criteria.Power)
            errors.Add(new($"{path}.min_voltage_kv", "'min_voltage_kv' applies only to the power criterion."));
        if (MinVoltageKv is double kv && (!double.IsFinite(kv) || kv < 0))
            errors.Add(new($"{path}.min_voltage_kv", "'min_voltage_kv' must be a non-negative number of kilovolts."));
        if (TownLevels is not null && Criterion != Criteria.Town)
            errors.Add(new($"{path}.town_levels", "'town_levels' applies only to the town criterion."));
        if (UseNetworkDistance && Criterion is not (Criteria.Town or Criteria.Water))
            errors.Add(new($"{path}.use_network_distance", "Network distance is computed only for town and water."));
        CheckNames(RoadClasses, $"{path}.road_classes", errors);
        CheckNames(TownLevels, $"{path}.town_levels", errors);
        if (Statuses is not null)
        {
            if (Statuses.Count == 0) errors.Add(new($"{path}.statuses", "'statuses' must name at least one status (or be omitted)."));
            for (int i = 0; i < Statuses.Count; i++)
            {
                if (!InfrastructureStatus.IsKnown(Statuses[i]))
                    errors.Add(new($"{path}.statuses[{i}]", $"Unknown status '{Statuses[i]}'; expected completed, under_construction or planned."));
            }
        }
        return errors;
    }

    private static void CheckNames(IReadOnlyList<string>? names, string path, List<ValidationError> errors)
    {
        if (names is null) return;
        if (names.Count == 0) errors.Add(new(path, "List must not be empty (omit it to accept all)."));
        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i])) errors.Add(new($"{path}[{i}]", "Names must not be blank."));
        }
    }
}
