using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Core.Registry;

/// <summary>
/// Reads POST /api/households bodies; members may be given, derived from persons, or both (then they must agree).
/// The programme's facts (<see cref="HouseholdFactRules.Names"/>) are optional members of the same object.
/// </summary>
public static class HouseholdReader
{
    public static (HouseholdInput? Household, List<FieldError> Errors) Read(JsonElement root)
    {
        var e = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var code = Json.String(root, "code", e, required: true);
        var head = Json.String(root, "head_name", e, required: true);
        var members = Json.Int(root, "members", e, required: false);
        // county_code is the CSV's name for the same field.
        var unit = Json.String(root, "unit_code", e, required: false) ?? Json.String(root, "county_code", e, required: false);
        if (unit is null) e.Add(new("unit_code", Rules.Required, "unit_code (the household's county or deeper unit) is required."));
        var origin = Json.String(root, "origin_settlement_code", e, required: false);
        var site = Json.String(root, "site_code", e, required: false);
        var type = Json.String(root, "settlement_type", e, required: true);
        decimal? income = null;
        if (root.TryGetProperty("annual_net_income", out var inc) && inc.ValueKind != JsonValueKind.Null)
        {
            var (v, err) = Money.Read(inc);
            if (err is not null) e.Add(new("annual_net_income", Rules.Decimal, "annual_net_income " + err + "."));
            income = v;
        }
        var reason = Json.String(root, "reason", e, required: false);
        var registered = Json.Date(root, "registered_on", e, required: true);
        var keys = Json.Date(root, "keys_claimed_on", e, required: false);
        var moved = Json.Date(root, "moved_in_on", e, required: false);
        var persons = new List<PersonInput>();
        if (root.TryGetProperty("persons", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array) e.Add(new("persons", Rules.Array, "persons must be an array."));
            else
            {
                var i = 0;
                foreach (var p in list.EnumerateArray())
                {
                    var pe = new List<FieldError>();
                    if (p.ValueKind != JsonValueKind.Object) { e.Add(new($"persons[{i++}]", Rules.Object, "Each person is an object.")); continue; }
                    var name = Json.String(p, "name", pe, required: true);
                    var card = Json.String(p, "id_card", pe, required: false);
                    var rel = Json.String(p, "relation", pe, required: true);
                    e.AddRange(pe.Select(x => x.Under($"persons[{i}]")));
                    persons.Add(new PersonInput(name ?? "", card, rel ?? ""));
                    i++;
                }
            }
        }
        var (facts, factErrors) = HouseholdFactRules.Read(root);
        e.AddRange(factErrors);
        if (e.Count > 0) return (null, e);
        var h = new HouseholdInput(code!, head!, members ?? persons.Count, unit!, origin, site, type!, income, reason,
            registered!.Value, keys, moved, persons, HouseholdFactRules.Apply(HouseholdFacts.None, facts));
        e.AddRange(HouseholdRules.Check(h));
        return e.Count > 0 ? (null, e) : (h, e);
    }
}
