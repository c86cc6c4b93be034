using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Field;

/// <summary>How a field observation meets what the server holds.</summary>
public enum Outcome { Apply, AlreadyRecorded, Conflict }

/// <summary>The verdict on one change, and why when it is a conflict.</summary>
public sealed record Verdict(Outcome Outcome, string? Reason = null, string? Message = null);

/// <summary>
/// The conflict rules of the offline queue. A change names the household version it was based on,
/// but the verdict rests on content, not on the version number: a stale change that does not clash
/// with anything recorded since is applied; a change that clashes is kept as a conflict, whatever
/// version it names. Clashing means: the same step already holds another date, or a milestone
/// would break the registry's order (a later step is recorded, or an earlier one carries a later
/// date): the field saw something the server no longer agrees with.
/// </summary>
public static class ChangeRules
{
    public const string RecordedDifferently = "recorded_differently";
    public const string OutOfOrder = "out_of_order";
    public const string FactRule = "fact_rule";
    public const string ResultDiffers = "result_differs";

    /// <param name="milestones">The household's recorded milestones (name, date).</param>
    /// <param name="facts">The old-house facts as the server holds them (step name to date).</param>
    /// <param name="step">The observed step.</param>
    /// <param name="date">The day the field says it happened.</param>
    public static Verdict Judge(IReadOnlyCollection<(string Milestone, DateOnly Date)> milestones,
        IReadOnlyDictionary<string, DateOnly?> facts, string step, DateOnly date)
    {
        if (FieldSteps.FactOf(step) is not null)
        {
            var held = facts.GetValueOrDefault(step);
            if (held is null) return new(Outcome.Apply);
            return held == date ? new(Outcome.AlreadyRecorded)
                : new(Outcome.Conflict, RecordedDifferently, $"{step} is recorded on {held:yyyy-MM-dd}, the field says {date:yyyy-MM-dd}.");
        }
        foreach (var (m, d) in milestones)
            if (m == step)
                return d == date ? new(Outcome.AlreadyRecorded)
                    : new(Outcome.Conflict, RecordedDifferently, $"{step} is recorded on {d:yyyy-MM-dd}, the field says {date:yyyy-MM-dd}.");
        return Milestones.CheckNext(milestones, step, date) is { } broken
            ? new(Outcome.Conflict, OutOfOrder, broken.Message)
            : new(Outcome.Apply);
    }

    /// <summary>A second inspection result for a household: the same finding is a repeat, another one a conflict.</summary>
    public static Verdict JudgeResult(string heldOutcome, IEnumerable<string> heldFields, string outcome, IEnumerable<string> fields) =>
        heldOutcome == outcome && heldFields.Order(StringComparer.Ordinal).SequenceEqual(fields.Order(StringComparer.Ordinal))
            ? new(Outcome.AlreadyRecorded)
            : new(Outcome.Conflict, ResultDiffers, $"This household's result is already {heldOutcome}{(heldFields.Any() ? " (" + string.Join(", ", heldFields) + ")" : "")}.");
}
