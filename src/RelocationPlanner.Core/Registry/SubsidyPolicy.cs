using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Registry;

public sealed record PolicyComponent(string Name, decimal Amount, string FundingSource);

/// <summary>A subsidy policy as data: per person or per household, named components, each from a funding source.</summary>
public sealed record SubsidyPolicy(string Code, string RegionCode, DateOnly ValidFrom, DateOnly? ValidTo, string Basis, IReadOnlyList<PolicyComponent> Components)
{
    public const string PerPerson = "per_person";
    public const string PerHousehold = "per_household";

    /// <summary>The amount one household of <paramref name="members"/> is entitled to per component.</summary>
    public decimal EntitledFor(PolicyComponent c, int members) => Money.Normalize(c.Amount * (Basis == PerPerson ? members : 1));

    /// <summary>The rate (sum of components) per person or per household.</summary>
    public decimal Rate => Money.Normalize(Components.Sum(c => c.Amount));
}

/// <summary>Reads a policy from JSON with field errors (amounts as numbers or decimal strings).</summary>
public static partial class SubsidyPolicyReader
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex NamePattern();

    public static (SubsidyPolicy? Policy, List<FieldError> Errors) Read(JsonElement root)
    {
        var e = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var code = Json.String(root, "code", e, required: true);
        if (code is not null && !HouseholdRules.IsCode(code)) e.Add(new("code", Rules.CodeFormat, "code must be 1-64 letters, digits, '_', '.' or '-'."));
        var region = Json.String(root, "region_code", e, required: true);
        var from = Json.Date(root, "valid_from", e, required: true);
        var to = Json.Date(root, "valid_to", e, required: false);
        if (from is not null && to is not null && to < from) e.Add(new("valid_to", Rules.DatesInOrder, "valid_to cannot precede valid_from."));
        var basis = Json.String(root, "basis", e, required: true);
        if (basis is not null && basis != SubsidyPolicy.PerPerson && basis != SubsidyPolicy.PerHousehold)
            e.Add(new("basis", Rules.Enum, "basis must be per_person or per_household."));
        var components = new List<PolicyComponent>();
        if (!root.TryGetProperty("components", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            e.Add(new("components", Rules.Required, "components must be a non-empty array of {name, amount, funding_source}."));
        else
        {
            var i = 0;
            foreach (var c in list.EnumerateArray())
            {
                var at = $"components[{i++}]";
                if (c.ValueKind != JsonValueKind.Object) { e.Add(new(at, Rules.Object, "Each component is an object.")); continue; }
                var ce = new List<FieldError>();
                var name = Json.String(c, "name", ce, required: true);
                if (name is not null && !NamePattern().IsMatch(name)) ce.Add(new("name", Rules.NameFormat, "name is lower_snake_case, e.g. house or infrastructure_industry."));
                var source = Json.String(c, "funding_source", ce, required: true);
                decimal? amount = null;
                if (!c.TryGetProperty("amount", out var a)) ce.Add(new("amount", Rules.Required, "amount is required."));
                else
                {
                    var (v, err) = Money.Read(a);
                    if (err is not null) ce.Add(new("amount", Rules.Decimal, "amount " + err + "."));
                    else if (v <= 0) ce.Add(new("amount", Rules.Positive, "amount must be greater than zero."));
                    else amount = v;
                }
                if (name is not null && components.Any(x => x.Name == name)) ce.Add(new("name", Rules.Unique, $"Component {name} is listed twice."));
                e.AddRange(ce.Select(x => x.Under(at)));
                if (ce.Count == 0) components.Add(new PolicyComponent(name!, amount!.Value, source!));
            }
        }
        if (e.Count > 0) return (null, e);
        return (new SubsidyPolicy(code!, region!, from!.Value, to, basis!, components), e);
    }
}

/// <summary>Small JSON readers that report the field at fault.</summary>
public static class Json
{
    public static string? String(JsonElement o, string name, List<FieldError> e, bool required)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) e.Add(new(name, Rules.Required, $"{name} is required."));
            return null;
        }
        if (v.ValueKind != JsonValueKind.String) { e.Add(new(name, Rules.String, $"{name} must be a string.")); return null; }
        var s = v.GetString()!.Trim();
        if (s.Length == 0 && required) { e.Add(new(name, Rules.Required, $"{name} is required.")); return null; }
        return s.Length == 0 ? null : s;
    }

    public static DateOnly? Date(JsonElement o, string name, List<FieldError> e, bool required)
    {
        var s = String(o, name, e, required);
        if (s is null) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        e.Add(new(name, Rules.Date, $"{name} must be a date yyyy-mm-dd."));
        return null;
    }

    public static int? Int(JsonElement o, string name, List<FieldError> e, bool required)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) e.Add(new(name, Rules.Required, $"{name} is required."));
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)) return i;
        e.Add(new(name, Rules.Integer, $"{name} must be a whole number."));
        return null;
    }
}
