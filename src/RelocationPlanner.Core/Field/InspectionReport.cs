namespace RelocationPlanner.Core.Field;

/// <summary>
/// One sampled household as the report reads it: its stratum and county, whether the registry
/// counted it settled when the sample was drawn, and the inspector's result (null: not visited).
/// </summary>
public sealed record SampledHousehold(string Code, string Stratum, string? CountyCode, bool RegistrySettled, string? Outcome, IReadOnlyList<string> Fields);

public sealed record Interval95(double Low, double High, string Method = "wilson");

public sealed record StratumFigures(string Stratum, int Sampled, int Visited, int Verified, int Discrepancies,
    IReadOnlyDictionary<string, int> DiscrepanciesByField, double? DiscrepancyRate, Interval95 Ci95);

public sealed record CountyCheck(string UnitCode, int Visited, int FoundSettled, double? SampleSettledRate, Interval95 Ci95,
    double? ReportedSettledRate, bool Contradicted);

/// <summary>
/// The figures of an inspection. Per stratum: sampled, visited (a result recorded), verified,
/// discrepancies (households), discrepancies by field (a household may name several), and the
/// discrepancy rate = discrepancies / visited with its 95 % Wilson interval.
/// Per county: the sample's settled rate, where a visited household counts as found settled when
/// the registry counted it settled and no discrepancy names keys_claimed or moved_in, or the
/// registry did not and one does (the field says the registry is wrong about exactly that). The
/// county's reported settled rate (the registry's, as of the day the sample was drawn) is
/// contradicted when it lies outside the 95 % Wilson interval of the sample's settled rate.
/// </summary>
public static class InspectionReport
{
    public static StratumFigures Figures(string stratum, IReadOnlyCollection<SampledHousehold> rows)
    {
        var visited = rows.Where(r => r.Outcome is not null).ToList();
        var discrepancies = visited.Where(r => r.Outcome == "discrepancy").ToList();
        var byField = discrepancies.SelectMany(r => r.Fields.Distinct()).GroupBy(f => f, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var (low, high) = Wilson.Interval(discrepancies.Count, visited.Count);
        return new StratumFigures(stratum, rows.Count, visited.Count, visited.Count - discrepancies.Count, discrepancies.Count, byField,
            visited.Count == 0 ? null : (double)discrepancies.Count / visited.Count, new Interval95(low, high));
    }

    public static bool FoundSettled(SampledHousehold h) =>
        h.RegistrySettled ^ (h.Outcome == "discrepancy" && h.Fields.Any(FieldSteps.SettledStep));

    public static List<CountyCheck> Counties(IReadOnlyCollection<SampledHousehold> rows, IReadOnlyDictionary<string, double> reported) =>
        [.. rows.Where(r => r.CountyCode is not null).GroupBy(r => r.CountyCode!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var visited = g.Where(r => r.Outcome is not null).ToList();
                var found = visited.Count(FoundSettled);
                var (low, high) = Wilson.Interval(found, visited.Count);
                double? rate = reported.TryGetValue(g.Key, out var r) ? r : null;
                return new CountyCheck(g.Key, visited.Count, found, visited.Count == 0 ? null : (double)found / visited.Count,
                    new Interval95(low, high), rate, visited.Count > 0 && rate is { } x && (x < low || x > high));
            })];
}
