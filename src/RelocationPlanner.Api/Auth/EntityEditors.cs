using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// Who may change (and therefore read the audit trail of) each table. Admins may always.
/// One small table in code: a capability that adds tables registers its editors here
/// (<see cref="Register"/>, at start-up, e.g. in its Map...Api method), and both the write
/// endpoints and /api/audit follow it.
/// </summary>
public static class EntityEditors
{
    static readonly Dictionary<string, string[]> Editors = new(StringComparer.Ordinal)
    {
        // Reference geography changes rarely and underpins every plan: admins only.
        ["admin_units"] = [],
        ["towns"] = [],
        // Settlements are the villages people move from; planners maintain them with the sites they plan.
        ["settlements"] = [Roles.Planner],
        ["sites"] = [Roles.Planner],
        ["roads"] = [Roles.Engineer],
        ["wells"] = [Roles.Engineer],
        ["power_lines"] = [Roles.Engineer],
        // Registry tables (added by the registry capability) hold personal data.
        ["households"] = [Roles.RelocationOfficer],
        ["persons"] = [Roles.RelocationOfficer],
        ["payments"] = [Roles.RelocationOfficer],
        ["milestones"] = [Roles.RelocationOfficer],
        ["users"] = [],
        ["api_tokens"] = [],
    };
    static readonly Lock Gate = new();

    /// <summary>Declares (or replaces) the non-admin roles that may edit <paramref name="entity"/>.</summary>
    public static void Register(string entity, params string[] roles)
    {
        foreach (var r in roles)
            if (!Roles.IsKnown(r)) throw new ArgumentException($"Unknown role {r}.", nameof(roles));
        lock (Gate) Editors[entity] = roles;
    }

    /// <summary>The non-admin roles that may edit the entity; empty when only admins may (or the entity is unknown).</summary>
    public static IReadOnlyList<string> Of(string entity)
    {
        lock (Gate) return Editors.TryGetValue(entity, out var roles) ? roles : [];
    }

    public static bool MayEdit(string entity, string role) => role == Roles.Admin || Of(entity).Contains(role);

    /// <summary>Entities a role may edit (for filtering the audit trail); null means all (admin).</summary>
    public static IReadOnlyList<string>? EditableBy(string role)
    {
        if (role == Roles.Admin) return null;
        lock (Gate) return [.. Editors.Where(e => e.Value.Contains(role)).Select(e => e.Key)];
    }

    /// <summary>A snapshot of the table (for docs and tests).</summary>
    public static IReadOnlyDictionary<string, string[]> All()
    {
        lock (Gate) return new Dictionary<string, string[]>(Editors);
    }
}
