namespace RelocationPlanner.Core.Programme;

/// <summary>A total and the parts that make it up completely (one way of breaking it down).</summary>
public sealed record Breakdown(string Total, IReadOnlyList<string> Parts);

/// <summary>An amount per household (or person) times the households (people) cannot exceed the total it is paid from.</summary>
public sealed record RateWithinTotal(string Rate, string Count, string Total);

/// <summary>A percentage that should equal part / whole x 100 (to its printed precision).</summary>
public sealed record RateOfParts(string Rate, string Part, string Whole);

/// <summary>
/// The reported indicators the checks know (any other lower_snake_case indicator is kept with the
/// general rules only): their units, how totals break down, which amounts per household must fit
/// in a total, which percentages are ratios of other figures. Breakdowns are complete sets: a check
/// runs when every part of one is reported (the largest such set if several are).
/// </summary>
public static class Indicators
{
    public const string RelocatedHouseholds = "relocated_households";
    public const string RelocatedPeople = "relocated_people";
    public const string InvestmentTotal = "relocation_investment_total";
    public const string RoadKm = "road_km";
    public const string PowerLineKm = "power_line_km";
    public const string Wells = "wells";

    /// <summary>What the reconciliation sets beside the registry and the infrastructure tables.</summary>
    public static readonly IReadOnlyList<string> Reconciled = [RelocatedHouseholds, RelocatedPeople, RoadKm, PowerLineKm, Wells];

    static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        [RelocatedHouseholds] = "households",
        [RelocatedPeople] = "people",
        ["relocated_households_centralized"] = "households",
        ["relocated_households_scattered"] = "households",
        ["relocated_households_other"] = "households",
        ["relocated_people_centralized"] = "people",
        ["relocated_people_scattered"] = "people",
        ["relocated_people_other"] = "people",
        ["relocated_people_planned"] = "people",
        [InvestmentTotal] = "yuan",
        ["relocation_investment_financial"] = "yuan",
        ["relocation_investment_self_raised"] = "yuan",
        ["relocation_investment_integrated"] = "yuan",
        ["relocation_investment_central_provincial"] = "yuan",
        ["relocation_investment_city_county"] = "yuan",
        ["relocation_housing_subsidy_per_household"] = "yuan per household",
        ["relocation_housing_subsidy_per_household_provincial"] = "yuan per household",
        ["relocation_housing_subsidy_per_household_city_county"] = "yuan per household",
        ["relocation_subsidy_per_person"] = "yuan per person",
        ["relocation_housing_floor_area"] = "square meters",
        ["relocation_completion_rate"] = "percent",
        [RoadKm] = "km",
        [PowerLineKm] = "km",
        [Wells] = "wells",
    };

    /// <summary>The unit an indicator is counted in, or null when any unit is taken.</summary>
    public static string? ExpectedUnit(string indicator) => Units.GetValueOrDefault(indicator);

    /// <summary>Whether the indicator counts whole things (households, people, wells).</summary>
    public static bool IsWhole(string indicator) => ExpectedUnit(indicator) is "households" or "people" or "wells";

    public static readonly IReadOnlyList<Breakdown> Breakdowns =
    [
        // By form of settlement.
        new(RelocatedHouseholds, ["relocated_households_centralized", "relocated_households_scattered", "relocated_households_other"]),
        new(RelocatedPeople, ["relocated_people_centralized", "relocated_people_scattered", "relocated_people_other"]),
        new("relocated_households_key_counties", ["relocated_households_key_counties_centralized", "relocated_households_key_counties_other"]),
        new("relocated_people_key_counties", ["relocated_people_key_counties_centralized", "relocated_people_key_counties_other"]),
        // Investment by where the money came from: public finance and the households' own money, or
        // the levels of government, integrated funds and own money.
        new(InvestmentTotal, ["relocation_investment_financial", "relocation_investment_self_raised"]),
        new(InvestmentTotal, ["relocation_investment_central_provincial", "relocation_investment_city_county", "relocation_investment_integrated", "relocation_investment_self_raised"]),
        new("relocation_housing_subsidy_per_household", ["relocation_housing_subsidy_per_household_provincial", "relocation_housing_subsidy_per_household_city_county"]),
    ];

    public static readonly IReadOnlyList<RateWithinTotal> RatesWithinTotals =
    [
        new("relocation_housing_subsidy_per_household", RelocatedHouseholds, InvestmentTotal),
        new("relocation_housing_subsidy_per_household_provincial", RelocatedHouseholds, "relocation_investment_financial"),
        new("relocation_subsidy_per_person", RelocatedPeople, "relocation_investment_financial"),
    ];

    public static readonly IReadOnlyList<RateOfParts> RatesOfParts =
    [
        new("relocation_completion_rate", "relocated_people_poverty_office_funded", "relocated_people_planned"),
        new("labor_migration_share_of_relocation", "labor_migration_people_planned", "relocated_people_planned"),
    ];

    /// <summary>Plausible averages per household: (numerator, low, high, what).</summary>
    public static readonly IReadOnlyList<(string Numerator, decimal Low, decimal High, string What)> PerHousehold =
    [
        (InvestmentTotal, 1_000m, 1_000_000m, "yuan invested per relocated household"),
        ("relocation_housing_floor_area", 10m, 300m, "m2 of housing per relocated household"),
    ];

    /// <summary>People per household outside this range is implausible (fewer than one is its own rule).</summary>
    public const decimal MaxPeoplePerHousehold = 10m;

    /// <summary>Parts may differ from their total by this fraction (rounded figures); beyond it they do not add up.</summary>
    public const decimal PartsTolerance = 0.005m;

    /// <summary>The indicator with "households" in place of "people", when it names people (relocated_people: relocated_households).</summary>
    public static string? HouseholdsTwin(string peopleIndicator)
    {
        var tokens = peopleIndicator.Split('_');
        var i = Array.IndexOf(tokens, "people");
        if (i < 0) return null;
        tokens[i] = "households";
        return string.Join('_', tokens);
    }
}
