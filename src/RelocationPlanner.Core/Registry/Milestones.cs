using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Registry;

/// <summary>
/// The life of a relocation record: milestones happen in this order (steps may be skipped,
/// never repeated or reversed); withdrawn ends a record at any point.
/// </summary>
public static class Milestones
{
    public const string Registered = "registered";
    public const string HouseCommenced = "house_commenced";
    public const string HouseCapped = "house_capped";
    public const string HouseCompleted = "house_completed";
    public const string KeysClaimed = "keys_claimed";
    public const string MovedIn = "moved_in";
    public const string Withdrawn = "withdrawn";

    /// <summary>In order; the same order as rp_milestone_rank in the database.</summary>
    public static readonly IReadOnlyList<string> All = [Registered, HouseCommenced, HouseCapped, HouseCompleted, KeysClaimed, MovedIn, Withdrawn];

    /// <summary>1-based rank, 0 when the name is not a milestone.</summary>
    public static int Rank(string name)
    {
        for (var i = 0; i < All.Count; i++) if (All[i] == name) return i + 1;
        return 0;
    }

    /// <summary>
    /// Whether <paramref name="milestone"/> on <paramref name="date"/> may follow the recorded
    /// events; null when it may, else the rule it breaks.
    /// </summary>
    public static FieldError? CheckNext(IReadOnlyCollection<(string Milestone, DateOnly Date)> recorded, string milestone, DateOnly date)
    {
        var rank = Rank(milestone);
        if (rank == 0)
            return new FieldError("milestone", Rules.Enum, $"milestone must be one of {string.Join(", ", All)}.");
        foreach (var (m, d) in recorded)
        {
            if (m == milestone)
                return new FieldError("milestone", Rules.Once, $"{milestone} was already recorded on {d:yyyy-MM-dd}; milestones are never overwritten.");
            if (Rank(m) > rank)
                return new FieldError("milestone", Rules.ForwardOnly, $"{milestone} cannot follow {m}: milestones only move forward.");
            if (d > date)
                return new FieldError("date", Rules.DatesInOrder, $"{milestone} on {date:yyyy-MM-dd} cannot predate {m} on {d:yyyy-MM-dd}.");
        }
        return null;
    }
}
