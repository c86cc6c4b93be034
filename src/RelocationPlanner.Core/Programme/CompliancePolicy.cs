using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Programme;

/// <summary>
/// The national plan's rules for one region and period, as data: house area per person, the
/// household's own payment per person and per household (the smaller limit applies), how many days
/// after moving in the old house must be down, and how many members of a household that can work
/// should be in work. A household follows the policy of the nearest ancestor unit valid on its
/// registration date; outside every policy it is not covered.
/// </summary>
public sealed record CompliancePolicy(
    string Code, string RegionCode, DateOnly ValidFrom, DateOnly? ValidTo,
    decimal MaxAreaM2PerPerson, decimal MaxSelfPaidPerPerson, decimal MaxSelfPaidPerHousehold,
    int DemolishWithinDays, int MinEmployedPerLabourHousehold)
{
    /// <summary>The most a household of <paramref name="members"/> may pay itself.</summary>
    public decimal SelfPaidLimit(int members) => Math.Min(MaxSelfPaidPerPerson * members, MaxSelfPaidPerHousehold);

    /// <summary>Over the area rule: strictly more than the limit per person (exactly the limit is within).</summary>
    public bool AreaOver(decimal houseAreaM2, int members) => houseAreaM2 / members > MaxAreaM2PerPerson;

    /// <summary>The national plan's figures (domain-facts): 25 m2 per person, 3,000 per person and 10,000 per household.</summary>
    public static CompliancePolicy National(string code, string region, DateOnly from, DateOnly? to, int demolishWithinDays = 730) =>
        new(code, region, from, to, 25m, 3000m, 10000m, demolishWithinDays, 1);
}

/// <summary>The rules a compliance report counts a household against (the drill-down's rule parameter).</summary>
public static class ComplianceRules
{
    public const string Area = "area";
    public const string SelfPaid = "self_paid";
    public const string DemolitionOverdue = "demolition_overdue";
    public const string Unemployed = "unemployed";

    public static readonly IReadOnlyList<string> All = [Area, SelfPaid, DemolitionOverdue, Unemployed];

    /// <summary>Reads POST /api/compliance-policies with field errors.</summary>
    public static (CompliancePolicy? Policy, List<FieldError> Errors) Read(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var e = new List<FieldError>();
        var code = Json.String(o, "code", e, required: true);
        if (code is not null && !HouseholdRules.IsCode(code)) e.Add(new("code", Rules.CodeFormat, "code must be 1-64 letters, digits, '_', '.' or '-'."));
        var region = Json.String(o, "region_code", e, required: true);
        var from = Json.Date(o, "valid_from", e, required: true);
        var to = Json.Date(o, "valid_to", e, required: false);
        if (from is not null && to is not null && to < from) e.Add(new("valid_to", Rules.DatesInOrder, "valid_to cannot precede valid_from."));
        var area = Amount(o, "max_area_m2_per_person", e, positive: true);
        var perPerson = Amount(o, "max_self_paid_per_person", e, positive: false);
        var perHousehold = Amount(o, "max_self_paid_per_household", e, positive: false);
        var days = Json.Int(o, "demolish_within_days", e, required: true);
        if (days is < 0 or > 36500) e.Add(new("demolish_within_days", Rules.Range, "demolish_within_days is 0-36500."));
        var minEmployed = Json.Int(o, "min_employed_per_labour_household", e, required: true);
        if (minEmployed is < 1 or > 20) e.Add(new("min_employed_per_labour_household", Rules.Range, "min_employed_per_labour_household is 1-20."));
        if (e.Count > 0) return (null, e);
        return (new CompliancePolicy(code!, region!, from!.Value, to, area!.Value, perPerson!.Value, perHousehold!.Value, days!.Value, minEmployed!.Value), e);
    }

    static decimal? Amount(JsonElement o, string name, List<FieldError> e, bool positive)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            e.Add(new(name, Rules.Required, $"{name} is required."));
            return null;
        }
        var (value, err) = Money.Read(v);
        if (err is not null) e.Add(new(name, Rules.Decimal, $"{name} {err}."));
        else if (positive ? value <= 0 : value < 0)
            e.Add(new(name, positive ? Rules.Positive : Rules.NonNegative, $"{name} must be {(positive ? "greater than zero" : "zero or more")}."));
        else if (name == "max_area_m2_per_person" && value > HouseholdFactRules.MaxAreaM2)
            e.Add(new(name, Rules.AreaRange, $"{name} is at most {HouseholdFactRules.MaxAreaM2:0}."));
        else return value;
        return null;
    }
}
