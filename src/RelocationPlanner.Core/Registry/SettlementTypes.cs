namespace RelocationPlanner.Core.Registry;

/// <summary>Ways of resettling a household (domain-facts: centralized site or separate settlement).</summary>
public static class SettlementTypes
{
    public const string Centralized = "centralized";
    public const string SeparateSelfBuilt = "separate_self_built";
    public const string SeparatePurchased = "separate_purchased";

    public static readonly IReadOnlyList<string> All = [Centralized, SeparateSelfBuilt, SeparatePurchased];

    public static bool IsValid(string? s) => s is not null && All.Contains(s);
}
