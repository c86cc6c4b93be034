namespace RelocationPlanner.Core.Scoring;

/// <summary>The names used in profiles, inputs and results (JSON values, lower case).</summary>
public static class Criteria
{
    /// <summary>Nearest road.</summary>
    public const string Road = "road";
    /// <summary>Nearest well or water source.</summary>
    public const string Water = "water";
    /// <summary>Nearest power line.</summary>
    public const string Power = "power";
    /// <summary>Nearest town (straight line, or along the road network when the profile asks).</summary>
    public const string Town = "town";

    /// <summary>All criteria in their canonical order (the order results are reported in).</summary>
    public static IReadOnlyList<string> All { get; } = [Road, Water, Power, Town];

    /// <summary>True for one of <see cref="All"/> (exact, lower-case match).</summary>
    public static bool IsKnown(string? name) => name is Road or Water or Power or Town;
}

/// <summary>Lifecycle states of infrastructure; only <see cref="Completed"/> gives access by default.</summary>
public static class InfrastructureStatus
{
    public const string Completed = "completed";
    public const string UnderConstruction = "under_construction";
    public const string Planned = "planned";

    public static IReadOnlyList<string> All { get; } = [Completed, UnderConstruction, Planned];

    public static bool IsKnown(string? name) => name is Completed or UnderConstruction or Planned;
}

/// <summary>Kinds of exclusion zone a profile may name.</summary>
public static class ExclusionZoneKinds
{
    public const string Hazard = "hazard";
    public const string Reserve = "reserve";
    public const string Reservoir = "reservoir";

    public static IReadOnlyList<string> All { get; } = [Hazard, Reserve, Reservoir];

    public static bool IsKnown(string? name) => name is Hazard or Reserve or Reservoir;
}

/// <summary>One problem found by a <c>Validate()</c> method.</summary>
/// <param name="Path">JSON path of the offending field using the snake_case names, e.g. <c>criteria[1].function.zero_m</c>.</param>
/// <param name="Message">Readable explanation.</param>
/// <param name="Rule">The rule code clients translate by (a constant of <see cref="Features.Rules"/>).</param>
public sealed record ValidationError(string Path, string Message, string Rule = Features.Rules.Profile);
