using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Registry;

public sealed record FundingShare(string FundingSource, int People, decimal? Raised);

public sealed record ReconciliationInput(string Programme, int? Households, int People, IReadOnlyList<PolicyComponent> Components, IReadOnlyList<FundingShare> Sources);

public sealed record SourceLine(string FundingSource, int People, decimal Rate, decimal Required, decimal? Raised, decimal? Difference, bool? Balanced);

public sealed record ComponentLine(string Name, decimal Amount, decimal Required);

public sealed record ReconciliationResult(string Programme, int? Households, int People, decimal Rate, decimal RequiredTotal, decimal RaisedTotal,
    IReadOnlyList<SourceLine> BySource, IReadOnlyList<ComponentLine> ByComponent, IReadOnlyList<FieldError> Warnings);

/// <summary>
/// A programme's money check: people x rate for each funding side against what that side raised
/// (Ordos 2016: 6,943 x 60,000 = 416,580,000 from the municipal side). Figures that do not add up
/// (parts vs total, people below households, raised vs required) come back as named warnings.
/// </summary>
public static class FundingReconciliation
{
    public static ReconciliationResult Compute(ReconciliationInput input)
    {
        var warnings = new List<FieldError>();
        var rate = Money.Normalize(input.Components.Sum(c => c.Amount));
        var sumPeople = input.Sources.Sum(s => s.People);
        if (sumPeople != input.People)
            warnings.Add(new("sources", Rules.PartsSumToTotal, $"The sources cover {sumPeople} people but the programme has {input.People}."));
        if (input.Households is { } hh && input.People < hh)
            warnings.Add(new("people", Rules.PeopleGeHouseholds, $"{input.People} people is fewer than {hh} households."));
        var lines = new List<SourceLine>();
        for (var i = 0; i < input.Sources.Count; i++)
        {
            var s = input.Sources[i];
            var required = Money.Normalize(s.People * rate);
            decimal? diff = s.Raised is { } r ? Money.Normalize(r - required) : null;
            if (diff is { } d && d != 0)
                warnings.Add(new($"sources[{i}].raised", Rules.RaisedMatchesRequired,
                    $"{s.FundingSource} raised {Money.Format(s.Raised!.Value)} against {s.People} x {Money.Format(rate)} = {Money.Format(required)} ({(d > 0 ? "surplus" : "shortfall")} {Money.Format(Math.Abs(d))})."));
            lines.Add(new SourceLine(s.FundingSource, s.People, rate, required, s.Raised is { } x ? Money.Normalize(x) : null, diff, diff is null ? null : diff == 0));
        }
        var components = input.Components.Select(c => new ComponentLine(c.Name, Money.Normalize(c.Amount), Money.Normalize(c.Amount * input.People))).ToList();
        return new ReconciliationResult(input.Programme, input.Households, input.People, rate, Money.Normalize(input.People * rate),
            Money.Normalize(input.Sources.Sum(s => s.Raised ?? 0m)), lines, components, warnings);
    }
}
