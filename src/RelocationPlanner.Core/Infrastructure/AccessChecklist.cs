namespace RelocationPlanner.Core.Infrastructure;

/// <summary>The infrastructure kinds a site can be served by.</summary>
public enum ServiceKind { Road, Power, Water }

/// <summary>A feature offered as evidence: table, code, status and geodesic distance from the site (0 = inside/touching).</summary>
public sealed record Evidence(string Entity, string Code, string Status, double DistanceM);

/// <summary>One checklist item: yes, no or unknown, with the evidence or the reason.</summary>
public sealed record AccessItem(string Key, string Label, string State, Evidence? Evidence, string Basis);

/// <summary>The "five accesses" and "six accesses" checklists of one site.</summary>
public sealed record AccessChecklists(IReadOnlyList<AccessItem> FiveAccesses, IReadOnlyList<AccessItem> SixAccesses);

/// <summary>
/// Builds the access checklists (domain-facts: "five accesses" = road, electricity, tap water,
/// radio/TV, information; "six accesses" = water, electricity, road, gas, housing,
/// environment) from the nearest serving features. Only what the stored roads, power lines
/// and wells can show is answered yes/no; the rest is "unknown" with the reason, never guessed.
/// </summary>
public static class AccessChecklist
{
    public const string Yes = "yes", No = "no", Unknown = "unknown";

    /// <param name="nearestCompleted">Per kind, the nearest completed feature within the service distance (or null).</param>
    /// <param name="nearestOther">Per kind, the nearest planned or under-construction feature within the distance (or null).</param>
    /// <param name="serviceM">The service distance used, metres.</param>
    public static AccessChecklists Build(
        IReadOnlyDictionary<ServiceKind, Evidence?> nearestCompleted,
        IReadOnlyDictionary<ServiceKind, Evidence?> nearestOther,
        double serviceM)
    {
        AccessItem Served(string key, string label, ServiceKind kind, string what)
        {
            if (nearestCompleted.GetValueOrDefault(kind) is { } e)
                return new(key, label, Yes, e, $"completed {what} {e.Code} at {e.DistanceM:0} m (service distance {serviceM:0} m)");
            if (nearestOther.GetValueOrDefault(kind) is { } o)
                return new(key, label, No, o, $"no completed {what} within {serviceM:0} m; {o.Code} is {o.Status.Replace('_', ' ')} at {o.DistanceM:0} m");
            return new(key, label, No, null, $"no {what} stored within {serviceM:0} m");
        }

        AccessItem NotTracked(string key, string label, string reason) => new(key, label, Unknown, null, reason);

        var road = Served("road", "road access", ServiceKind.Road, "road");
        var power = Served("electricity", "electricity", ServiceKind.Power, "power line");
        var water = Served("water", "water", ServiceKind.Water, "well");
        var tap = water with
        {
            Key = "tap_water",
            Label = "tap water",
            Basis = water.Basis + "; a well is the water source, piped supply to houses is not tracked",
        };
        var five = new[]
        {
            road, power, tap,
            NotTracked("radio_tv", "radio and television", "radio/TV coverage is not stored in this product"),
            NotTracked("information", "information (telephone/internet)", "telecommunication coverage is not stored in this product"),
        };
        var six = new[]
        {
            water, power, road,
            NotTracked("gas", "gas", "gas supply is not stored in this product"),
            NotTracked("housing", "housing", "house construction is not tracked by the infrastructure layers"),
            NotTracked("environment", "environment", "environmental improvement is not stored in this product"),
        };
        return new AccessChecklists(five, six);
    }
}
