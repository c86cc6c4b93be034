using System.Globalization;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Programme;

/// <summary>
/// The data-quality rules run on reported figures (year-books contain errors: households greater
/// than people, parts that do not sum to the total, two values for one thing). Each finding is a
/// warning on a row of the import (the figures are kept as reported) naming its rule:
/// one_value_per_unit_year, people_ge_households, parts_sum_to_total, per_household_plausible,
/// rate_matches_parts, unit_not_registered. Figures of one unit and year (or period) are checked
/// together, those stored by earlier imports included; only rows of this import carry warnings.
/// </summary>
public static class StatisticsChecks
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="figures">The import's rows (Row set) and the stored figures of the same units and years (Row null).</param>
    /// <param name="knownUnits">Unit codes the registry holds; a unit not among them is warned about once.</param>
    public static List<RowError> Check(IReadOnlyList<ReportedFigure> figures, IReadOnlySet<string> knownUnits)
    {
        var w = new List<RowError>();
        foreach (var unit in figures.Where(f => f.Row is not null).GroupBy(f => f.UnitCode))
            if (!knownUnits.Contains(unit.Key))
                w.Add(new(unit.First().Row!.Value, "unit_code", Rules.UnitNotRegistered,
                    $"Unit {unit.Key} is not among the registry's units: the reconciliation will have nothing registered to set beside its figures."));

        foreach (var group in figures.GroupBy(f => (f.UnitCode, f.Year)))
        {
            var byIndicator = group.GroupBy(f => f.Indicator).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var label = $"{group.Key.UnitCode} {group.Key.Year}";

            // One indicator, one value per unit and year: anything else is ambiguous (and never added up).
            foreach (var (indicator, list) in byIndicator)
                if (list.Count > 1)
                    foreach (var f in list.Where(f => f.Row is not null))
                        w.Add(new(f.Row!.Value, "value", Rules.OneValuePerUnitYear,
                            $"{label}: {indicator} is reported {list.Count} times ({string.Join(", ", list.Select(Show))}); one indicator has one value per unit and year."));

            // Single values from here on: an ambiguous figure is not used for arithmetic.
            ReportedFigure? One(string indicator) => byIndicator.TryGetValue(indicator, out var l) && l.Count == 1 ? l[0] : null;

            foreach (var people in byIndicator.Keys.Where(k => k.Split('_').Contains("people")).ToList())
            {
                if (One(people) is not { } p || Indicators.HouseholdsTwin(people) is not { } twin || One(twin) is not { } h || h.Value == 0) continue;
                if (p.Value < h.Value)
                    Warn(w, [p, h], "value", Rules.PeopleGeHouseholds, $"{label}: {Show(p)} {people} is fewer than {Show(h)} {twin}.");
                else if (p.Value / h.Value > Indicators.MaxPeoplePerHousehold)
                    Warn(w, [p, h], "value", Rules.PerHouseholdPlausible,
                        $"{label}: {Round(p.Value / h.Value)} people per household ({people} / {twin}) is more than {Indicators.MaxPeoplePerHousehold:0}.");
            }

            foreach (var total in Indicators.Breakdowns.GroupBy(b => b.Total))
            {
                if (One(total.Key) is not { } t) continue;
                // The fullest breakdown whose every part is reported.
                var parts = total.Where(b => b.Parts.All(p => One(p) is not null)).MaxBy(b => b.Parts.Count)?.Parts.Select(p => One(p)!).ToList();
                if (parts is null) continue;
                var sum = parts.Sum(p => p.Value);
                if (Math.Abs(sum - t.Value) > t.Value * Indicators.PartsTolerance)
                    Warn(w, [t, .. parts], "value", Rules.PartsSumToTotal,
                        $"{label}: the parts of {total.Key} ({string.Join(" + ", parts.Select(p => $"{p.Indicator} {Show(p)}"))}) add up to {Round(sum)}, not {Show(t)}.");
            }

            foreach (var r in Indicators.RatesWithinTotals)
            {
                if (One(r.Rate) is not { } rate || One(r.Count) is not { } count || One(r.Total) is not { } t) continue;
                var needed = rate.Value * count.Value;
                if (needed > t.Value * (1 + Indicators.PartsTolerance))
                    Warn(w, [rate, count, t], "value", Rules.PerHouseholdPlausible,
                        $"{label}: {r.Rate} {Show(rate)} x {r.Count} {Show(count)} = {Round(needed)}, more than {r.Total} {Show(t)}.");
            }

            foreach (var (numerator, low, high, what) in Indicators.PerHousehold)
            {
                if (One(numerator) is not { } n || One(Indicators.RelocatedHouseholds) is not { } h || h.Value == 0) continue;
                var avg = n.Value / h.Value;
                if (avg < low || avg > high)
                    Warn(w, [n, h], "value", Rules.PerHouseholdPlausible,
                        $"{label}: {Round(avg)} {what} ({numerator} / {Indicators.RelocatedHouseholds}) is outside {low.ToString("N0", Inv)}-{high.ToString("N0", Inv)}.");
            }

            foreach (var r in Indicators.RatesOfParts)
            {
                if (One(r.Rate) is not { } rate || One(r.Part) is not { } part || One(r.Whole) is not { } whole || whole.Value == 0) continue;
                var computed = part.Value / whole.Value * 100;
                if (Math.Abs(computed - rate.Value) > rate.PrintedHalfUnit)
                    Warn(w, [rate, part, whole], "value", Rules.RateMatchesParts,
                        $"{label}: {r.Part} / {r.Whole} = {Show(part)} / {Show(whole)} = {Math.Round(computed, 2).ToString(Inv)}%, not the reported {rate.ValueText}% {r.Rate}.");
            }
        }
        return [.. w.OrderBy(e => e.Row).ThenBy(e => e.Rule, StringComparer.Ordinal)];
    }

    /// <summary>The warning goes on the first of the figures that belongs to this import (none: the stored figures were warned about before).</summary>
    static void Warn(List<RowError> w, IReadOnlyList<ReportedFigure> involved, string field, string rule, string message)
    {
        if (involved.FirstOrDefault(f => f.Row is not null) is { } row) w.Add(new(row.Row!.Value, field, rule, message));
    }

    static string Show(ReportedFigure f) => f.Value.ToString("#,0.######", Inv) + (f.Row is null ? " (stored)" : "");

    static string Round(decimal v) => Math.Round(v, 2).ToString("#,0.##", Inv);
}
