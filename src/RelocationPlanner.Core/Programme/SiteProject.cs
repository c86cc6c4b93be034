using System.Text.Json;
using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Programme;

public sealed record HouseType(string Type, int Count, decimal FloorAreaM2);

public sealed record Facility(string Kind, decimal Quantity, string? Unit);

public sealed record BudgetLine(string FundingSource, decimal Amount);

/// <summary>
/// A centralized site's plan: house types (count x floor area), facilities (wells, lines, roads,
/// stalls...) and the budget per funding source. Quantities are exact decimals (two places).
/// </summary>
public sealed record SitePlan(IReadOnlyList<HouseType> Houses, IReadOnlyList<Facility> Facilities, IReadOnlyList<BudgetLine> Budget)
{
    public int HousesPlanned => Houses.Sum(h => h.Count);

    /// <summary>Sum of count x floor area (the 28-household site: 28 x 80.88 = 2,264.64 m2).</summary>
    public decimal FloorAreaM2 => Money.Normalize(Houses.Sum(h => h.Count * h.FloorAreaM2));

    public decimal BudgetTotal => Money.Normalize(Budget.Sum(b => b.Amount));
}

/// <summary>One entry of a site's expenditure ledger: a positive amount, or a reversal (negative, naming the entry).</summary>
public sealed record ExpenditureInput(string? Category, decimal Amount, DateOnly SpentOn, string? FundingSource, long? Reverses);

/// <summary>What a site project may hold, and how its plan, milestones and expenditures are read.</summary>
public static partial class SiteProjectRules
{
    public const string Approved = "approved";
    public const string ConstructionStarted = "construction_started";
    public const string InfrastructureCompleted = "infrastructure_completed";
    public const string HousesCompleted = "houses_completed";
    public const string HandedOver = "handed_over";

    /// <summary>In order; infrastructure and houses share a rank (either may complete first), as rp_site_milestone_rank.</summary>
    public static readonly IReadOnlyList<string> Milestones = [Approved, ConstructionStarted, InfrastructureCompleted, HousesCompleted, HandedOver];

    public static readonly IReadOnlyList<string> Categories = ["housing", "water", "power", "roads", "public_facilities", "industry", "other"];

    /// <summary>1-based rank, 0 for an unknown milestone.</summary>
    public static int Rank(string m) => m switch
    {
        Approved => 1,
        ConstructionStarted => 2,
        InfrastructureCompleted or HousesCompleted => 3,
        HandedOver => 4,
        _ => 0,
    };

    /// <summary>Whether a milestone may follow the recorded ones; null when it may, else the rule it breaks (the database says the same).</summary>
    public static FieldError? CheckNext(IReadOnlyCollection<(string Milestone, DateOnly Date)> recorded, string milestone, DateOnly date)
    {
        if (Rank(milestone) == 0) return new("milestone", Rules.Enum, $"milestone must be one of {string.Join(", ", Milestones)}.");
        foreach (var (m, d) in recorded)
        {
            if (m == milestone) return new("milestone", Rules.Once, $"{milestone} was already recorded on {d:yyyy-MM-dd}; milestones are never overwritten.");
            if (Rank(m) > Rank(milestone)) return new("milestone", Rules.ForwardOnly, $"{milestone} cannot follow {m}: site milestones only move forward.");
            if (Rank(m) < Rank(milestone) && d > date) return new("date", Rules.DatesInOrder, $"{milestone} on {date:yyyy-MM-dd} cannot predate {m} on {d:yyyy-MM-dd}.");
        }
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex Name();

    /// <summary>Reads PUT /api/sites/{code}/plan: {houses: [{type, count, floor_area_m2}], facilities: [{kind, quantity, unit}], budget: [{funding_source, amount}]}.</summary>
    public static (SitePlan? Plan, List<FieldError> Errors) ReadPlan(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var e = new List<FieldError>();
        var houses = Items(o, "houses", e, (x, ie) =>
        {
            var type = Json.String(x, "type", ie, required: true);
            var count = Json.Int(x, "count", ie, required: true);
            if (count is < 1 or > 100_000) ie.Add(new("count", Rules.Range, "count is 1-100000 houses."));
            var area = Decimal(x, "floor_area_m2", ie);
            if (area is <= 0 or > HouseholdFactRules.MaxAreaM2) ie.Add(new("floor_area_m2", Rules.AreaRange, $"floor_area_m2 is more than 0 and at most {HouseholdFactRules.MaxAreaM2:0} m2 per house."));
            return ie.Count == 0 ? new HouseType(type!, count!.Value, area!.Value) : null;
        });
        var facilities = Items(o, "facilities", e, (x, ie) =>
        {
            var kind = Json.String(x, "kind", ie, required: true);
            if (kind is not null && !Name().IsMatch(kind)) ie.Add(new("kind", Rules.NameFormat, "kind is lower_snake_case, e.g. well, power_line, road, livestock_stall."));
            var quantity = Decimal(x, "quantity", ie);
            if (quantity is <= 0) ie.Add(new("quantity", Rules.Positive, "quantity must be greater than zero."));
            var unit = Json.String(x, "unit", ie, required: false);
            if (unit is { Length: > 32 }) ie.Add(new("unit", Rules.TooLong, "unit is at most 32 characters (m, km, m2, wells...)."));
            return ie.Count == 0 ? new Facility(kind!, quantity!.Value, unit) : null;
        });
        var budget = Items(o, "budget", e, (x, ie) =>
        {
            var source = Json.String(x, "funding_source", ie, required: true);
            if (source is { Length: > 64 }) ie.Add(new("funding_source", Rules.TooLong, "funding_source is at most 64 characters."));
            var amount = Decimal(x, "amount", ie);
            if (amount is < 0) ie.Add(new("amount", Rules.NonNegative, "A budget amount cannot be negative."));
            return ie.Count == 0 ? new BudgetLine(source!, amount!.Value) : null;
        });
        for (var i = 0; i < budget.Count; i++)
            if (budget.Take(i).Any(b => b.FundingSource == budget[i].FundingSource))
                e.Add(new($"budget[{i}].funding_source", Rules.Unique, $"Funding source {budget[i].FundingSource} is listed twice: one line per source."));
        return e.Count > 0 ? (null, e) : (new SitePlan(houses, facilities, budget), e);
    }

    /// <summary>Reads POST /api/sites/{code}/expenditures: {category, amount, spent_on, funding_source} or {reverses, amount (negative), spent_on}.</summary>
    public static (ExpenditureInput? Input, List<FieldError> Errors) ReadExpenditure(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var e = new List<FieldError>();
        long? reverses = null;
        if (o.TryGetProperty("reverses", out var rv) && rv.ValueKind != JsonValueKind.Null)
        {
            if (rv.ValueKind == JsonValueKind.Number && rv.TryGetInt64(out var id)) reverses = id;
            else e.Add(new("reverses", Rules.Integer, "reverses is the id of the ledger entry being reversed."));
        }
        var category = Json.String(o, "category", e, required: reverses is null);
        if (category is not null && !Categories.Contains(category)) e.Add(new("category", Rules.Enum, $"category must be one of {string.Join(", ", Categories)}."));
        var source = Json.String(o, "funding_source", e, required: reverses is null);
        if (source is { Length: > 64 }) e.Add(new("funding_source", Rules.TooLong, "funding_source is at most 64 characters."));
        var spentOn = Json.Date(o, "spent_on", e, required: true);
        if (spentOn > Money.Today()) e.Add(new("spent_on", Rules.NotInFuture, $"spent_on {spentOn:yyyy-MM-dd} is in the future: the ledger records money spent."));
        var amount = Decimal(o, "amount", e);
        if (amount is { } a)
        {
            if (reverses is null && a <= 0)
                e.Add(new("amount", Rules.Positive, "An expenditure is positive; a reversal is negative and names the entry it reverses (reverses)."));
            else if (reverses is not null && a >= 0) e.Add(new("amount", Rules.Negative, "A reversal has a negative amount."));
        }
        return e.Count > 0 ? (null, e) : (new ExpenditureInput(category, amount!.Value, spentOn!.Value, source, reverses), e);
    }

    static decimal? Decimal(JsonElement o, string name, List<FieldError> e)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            e.Add(new(name, Rules.Required, $"{name} is required."));
            return null;
        }
        var (value, err) = Money.Read(v);
        if (err is null) return value;
        e.Add(new(name, Rules.Decimal, $"{name} {err}."));
        return null;
    }

    /// <summary>An array member of objects, each read by <paramref name="read"/>; errors carry the item's path.</summary>
    static List<T> Items<T>(JsonElement o, string name, List<FieldError> e, Func<JsonElement, List<FieldError>, T?> read) where T : class
    {
        var list = new List<T>();
        if (!o.TryGetProperty(name, out var arr) || arr.ValueKind == JsonValueKind.Null) return list;
        if (arr.ValueKind != JsonValueKind.Array) { e.Add(new(name, Rules.Array, $"{name} must be an array.")); return list; }
        if (arr.GetArrayLength() > 1000) { e.Add(new(name, Rules.TooMany, $"{name} has at most 1000 items.")); return list; }
        var i = 0;
        foreach (var x in arr.EnumerateArray())
        {
            var at = $"{name}[{i++}]";
            if (x.ValueKind != JsonValueKind.Object) { e.Add(new(at, Rules.Object, "Each item is an object.")); continue; }
            var ie = new List<FieldError>();
            var item = read(x, ie);
            e.AddRange(ie.Select(err => err.Under(at)));
            if (item is not null) list.Add(item);
        }
        return list;
    }
}
