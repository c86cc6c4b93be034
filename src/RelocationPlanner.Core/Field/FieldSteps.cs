using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Field;

/// <summary>
/// What an officer can observe in the field, mapped onto what the registry holds: the house and
/// moving steps are milestones (append-only, ranked); the old house's fate is a programme fact on
/// the household (old_house_demolished_on, homestead_reclaimed_on), a date that may be corrected.
/// </summary>
public static class FieldSteps
{
    public const string OldHouseDemolished = "old_house_demolished";
    public const string HomesteadReclaimed = "homestead_reclaimed";

    public static readonly IReadOnlyList<string> All =
    [
        Milestones.HouseCommenced, Milestones.HouseCapped, Milestones.HouseCompleted, Milestones.KeysClaimed, Milestones.MovedIn,
        OldHouseDemolished, HomesteadReclaimed,
    ];

    /// <summary>Every date a package shows per household: registration, then the field steps.</summary>
    public static readonly IReadOnlyList<string> Shown = [Milestones.Registered, .. All];

    /// <summary>What an inspector may name as wrong in the registry.</summary>
    public static readonly IReadOnlyList<string> InspectedFields = [.. Shown, "head_name", "members", "site_code", "origin_settlement_code", "persons"];

    public static bool IsStep(string step) => All.Contains(step);

    /// <summary>The programme fact behind a step, or null when the step is a milestone.</summary>
    public static string? FactOf(string step) => step switch
    {
        OldHouseDemolished => HouseholdFactRules.Demolished,
        HomesteadReclaimed => HouseholdFactRules.Reclaimed,
        _ => null,
    };

    /// <summary>Photos of these steps are taken where the household came from (its origin settlement), not at its new site.</summary>
    public static bool AtOrigin(string step) => step is OldHouseDemolished or HomesteadReclaimed;

    /// <summary>Whether the registry counts a household as settled (the region's rule: keys claimed or moved in).</summary>
    public static bool SettledStep(string step) => step is Milestones.KeysClaimed or Milestones.MovedIn;

    public static FieldError? CheckStep(string field, string step) =>
        IsStep(step) ? null : new FieldError(field, Rules.Enum, $"{field} must be one of {string.Join(", ", All)}.");
}
