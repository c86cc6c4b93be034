using System.Globalization;
using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Programme;

/// <summary>
/// What the national plan checks about a household after it moves, all optional: the new house's
/// floor area (m2), the household's own payment (yuan), members able to work, and the old house
/// (demolished, homestead reclaimed, or exempt with a reason such as a protected traditional village
/// or a house shared with people who stay).
/// </summary>
public sealed record HouseholdFacts(
    decimal? HouseAreaM2 = null, decimal? SelfPaid = null, int? LabourMembers = null,
    DateOnly? OldHouseDemolishedOn = null, DateOnly? HomesteadReclaimedOn = null, string? OldHouseExemptReason = null)
{
    public static readonly HouseholdFacts None = new();
}

/// <summary>
/// The facts' names (the same in JSON, the households CSV and the database), how each is read, and
/// the rules they obey. Reading keeps "absent" apart from "null" so that a partial update can clear a fact.
/// </summary>
public static class HouseholdFactRules
{
    public const string HouseArea = "house_area_m2";
    public const string SelfPaid = "self_paid";
    public const string LabourMembers = "labour_members";
    public const string Demolished = "old_house_demolished_on";
    public const string Reclaimed = "homestead_reclaimed_on";
    public const string ExemptReason = "old_house_exempt_reason";

    public static readonly IReadOnlyList<string> Names = [HouseArea, SelfPaid, LabourMembers, Demolished, Reclaimed, ExemptReason];

    /// <summary>The largest floor area one household's house may have (m2).</summary>
    public const decimal MaxAreaM2 = 1000m;

    public static List<FieldError> Check(HouseholdFacts f, int members)
    {
        var e = new List<FieldError>();
        if (f.HouseAreaM2 is { } a && (a <= 0 || a > MaxAreaM2))
            e.Add(new(HouseArea, Rules.AreaRange, $"{HouseArea} is more than 0 and at most {MaxAreaM2:0} m2 per household."));
        if (f.SelfPaid is < 0) e.Add(new(SelfPaid, Rules.NonNegative, $"{SelfPaid} (the household's own payment) cannot be negative."));
        if (f.LabourMembers is < 0) e.Add(new(LabourMembers, Rules.NonNegative, $"{LabourMembers} cannot be negative."));
        else if (f.LabourMembers > members)
            e.Add(new(LabourMembers, Rules.LabourWithinMembers, $"{LabourMembers} is {f.LabourMembers} but the household has {members} members."));
        if (f.OldHouseExemptReason is { Length: > 200 }) e.Add(new(ExemptReason, Rules.TooLong, $"{ExemptReason} is at most 200 characters."));
        if (f.OldHouseExemptReason is not null && (f.OldHouseDemolishedOn is not null || f.HomesteadReclaimedOn is not null))
            e.Add(new(ExemptReason, Rules.ExemptOrDemolished,
                "An old house exempt from demolition has no demolition or reclamation date: give one or the other."));
        if (f.HomesteadReclaimedOn is { } r && (f.OldHouseDemolishedOn is not { } d || r < d))
            e.Add(new(Reclaimed, Rules.DatesInOrder, $"{Reclaimed} needs {Demolished} on or before it: the homestead is reclaimed once the house is down."));
        var today = Money.Today();
        foreach (var (name, day) in new[] { (Demolished, f.OldHouseDemolishedOn), (Reclaimed, f.HomesteadReclaimedOn) })
            if (day > today) e.Add(new(name, Rules.NotInFuture, $"{name} {day:yyyy-MM-dd} is in the future: record what has happened."));
        return e;
    }

    /// <summary>
    /// The facts given in a JSON object: a name that is absent is not in the result, a name given as
    /// null is there with the value null (cleared). Other members of the object are ignored here.
    /// </summary>
    public static (Dictionary<string, object?> Given, List<FieldError> Errors) Read(JsonElement o)
    {
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        var e = new List<FieldError>();
        foreach (var name in Names)
        {
            if (!o.TryGetProperty(name, out var v)) continue;
            if (v.ValueKind == JsonValueKind.Null) { given[name] = null; continue; }
            var before = e.Count;
            object? value = name switch
            {
                HouseArea or SelfPaid => Decimal(name, Money.Read(v), e),
                LabourMembers => Json.Int(o, name, e, required: false),
                Demolished or Reclaimed => Json.Date(o, name, e, required: false),
                _ => Json.String(o, name, e, required: false),
            };
            if (e.Count == before) given[name] = value;
        }
        return (given, e);
    }

    /// <summary>A CSV cell of one of the optional columns; empty = not known.</summary>
    public static object? ParseCell(string name, string text, List<FieldError> e)
    {
        var s = text.Trim();
        if (s.Length == 0) return null;
        switch (name)
        {
            case HouseArea or SelfPaid:
                return Decimal(name, Money.Parse(s), e);
            case LabourMembers:
                if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
                e.Add(new(name, Rules.Integer, $"{name} must be a whole number."));
                return null;
            case Demolished or Reclaimed:
                if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
                e.Add(new(name, Rules.Date, $"{name} must be a date yyyy-mm-dd (empty = not yet)."));
                return null;
            default:
                return s;
        }
    }

    /// <summary>The facts with the given values put in (null clears).</summary>
    public static HouseholdFacts Apply(HouseholdFacts f, IReadOnlyDictionary<string, object?> given)
    {
        foreach (var (name, v) in given)
            f = name switch
            {
                HouseArea => f with { HouseAreaM2 = (decimal?)v },
                SelfPaid => f with { SelfPaid = (decimal?)v },
                LabourMembers => f with { LabourMembers = (int?)v },
                Demolished => f with { OldHouseDemolishedOn = (DateOnly?)v },
                Reclaimed => f with { HomesteadReclaimedOn = (DateOnly?)v },
                ExemptReason => f with { OldHouseExemptReason = (string?)v },
                _ => f,
            };
        return f;
    }

    static decimal? Decimal(string name, (decimal? Value, string? Error) read, List<FieldError> e)
    {
        if (read.Error is null) return read.Value;
        e.Add(new(name, Rules.Decimal, $"{name} {read.Error}."));
        return null;
    }
}
