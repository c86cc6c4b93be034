using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Core.Registry;

public sealed record PersonInput(string Name, string? IdCard, string Relation);

/// <summary>A real-name registry row as typed in or imported (dates: empty = not yet), with the programme's facts.</summary>
public sealed record HouseholdInput(
    string Code, string HeadName, int Members, string UnitCode, string? OriginSettlementCode, string? SiteCode,
    string SettlementType, decimal? AnnualNetIncome, string? Reason, DateOnly RegisteredOn,
    DateOnly? KeysClaimedOn, DateOnly? MovedInOn, IReadOnlyList<PersonInput> Persons, HouseholdFacts? Facts = null);

/// <summary>
/// The registry's data-quality rules, shared by the JSON endpoint and the CSV import: errors
/// refuse the row (the rule is named), warnings are reported and the row is kept.
/// </summary>
public static partial class HouseholdRules
{
    public static readonly IReadOnlyList<string> Relations = ["head", "spouse", "child", "parent", "grandchild", "sibling", "other"];

    /// <summary>Ordos 2015 subsistence line (domain-facts): a per-capita income above it is worth a second look.</summary>
    public const decimal PovertyLinePerCapita = 4968m;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[0-9]{17}[0-9X]$")]
    private static partial Regex IdCardPattern();

    public static bool IsCode(string? s) => s is not null && CodePattern().IsMatch(s);

    public static List<FieldError> Check(HouseholdInput h)
    {
        var e = new List<FieldError>();
        if (!IsCode(h.Code)) e.Add(new("code", Rules.CodeFormat, "code must be 1-64 letters, digits, '_', '.' or '-'."));
        if (string.IsNullOrWhiteSpace(h.HeadName) || h.HeadName.Length > 200) e.Add(new("head_name", Rules.Required, "head_name must be 1-200 characters."));
        if (h.Members < 1) e.Add(new("members", Rules.MembersAtLeastOne, "A household has at least one member."));
        if (!IsCode(h.UnitCode)) e.Add(new("unit_code", Rules.Required, "unit_code (the household's county or deeper unit) is required."));
        if (!SettlementTypes.IsValid(h.SettlementType))
            e.Add(new("settlement_type", Rules.Enum, $"settlement_type must be one of {string.Join(", ", SettlementTypes.All)}."));
        else if (h.SettlementType == SettlementTypes.Centralized && string.IsNullOrEmpty(h.SiteCode))
            e.Add(new("site_code", Rules.CentralizedHasSite, "A centralized household needs its destination site_code."));
        if (h.AnnualNetIncome is < 0) e.Add(new("annual_net_income", Rules.NonNegative, "annual_net_income cannot be negative."));
        if (h.KeysClaimedOn is { } k && k < h.RegisteredOn)
            e.Add(new("keys_claimed_on", Rules.DatesInOrder, "keys_claimed_on cannot predate registered_on."));
        if (h.MovedInOn is { } m && (m < h.RegisteredOn || (h.KeysClaimedOn is { } k2 && m < k2)))
            e.Add(new("moved_in_on", Rules.DatesInOrder, "moved_in_on cannot predate registered_on or keys_claimed_on."));
        if (h.Facts is not null) e.AddRange(HouseholdFactRules.Check(h.Facts, h.Members));
        if (h.Persons.Count > 0)
        {
            if (h.Persons.Count != h.Members)
                e.Add(new("members", Rules.PartsSumToTotal, $"members is {h.Members} but {h.Persons.Count} persons are listed."));
            if (h.Persons.Count(p => p.Relation == "head") != 1)
                e.Add(new("persons", Rules.OneHead, "Exactly one person has relation 'head'."));
            var seen = new HashSet<string>();
            for (var i = 0; i < h.Persons.Count; i++)
            {
                var p = h.Persons[i];
                if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200) e.Add(new($"persons[{i}].name", Rules.Required, "name must be 1-200 characters."));
                if (!Relations.Contains(p.Relation)) e.Add(new($"persons[{i}].relation", Rules.Enum, $"relation must be one of {string.Join(", ", Relations)}."));
                if (p.IdCard is not null && !IdCardPattern().IsMatch(p.IdCard)) e.Add(new($"persons[{i}].id_card", Rules.IdCardFormat, "id_card is 17 digits and a check digit or X."));
                else if (p.IdCard is not null && !seen.Add(p.IdCard)) e.Add(new($"persons[{i}].id_card", Rules.Unique, "The same id_card is listed twice."));
            }
        }
        return e;
    }

    /// <summary>Plausibility warnings: kept, reported, never silently accepted.</summary>
    public static List<FieldError> Warnings(HouseholdInput h)
    {
        var w = new List<FieldError>();
        if (h.Members > 20) w.Add(new("members", Rules.MembersPlausible, $"{h.Members} members in one household is unusual; check the figure."));
        if (h.AnnualNetIncome is { } inc && h.Members >= 1 && inc / h.Members > PovertyLinePerCapita)
            w.Add(new("annual_net_income", Rules.IncomeAbovePovertyLine, $"Per-capita income {decimal.Round(inc / h.Members, 2)} is above the {PovertyLinePerCapita} line."));
        return w;
    }
}
