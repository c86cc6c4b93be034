using System.Globalization;
using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Core.Programme;

/// <summary>
/// A household member named by number (1 = the head, up to the household's members) or by the
/// name of a person registered in the household.
/// </summary>
public sealed record MemberRef(int? Number, string? Name)
{
    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Name ?? "";
}

/// <summary>One dated spell of work of one member (ended_on empty: still working).</summary>
public sealed record EmploymentInput(string? HouseholdCode, MemberRef Member, string Kind, string? Employer, DateOnly StartedOn, DateOnly? EndedOn);

/// <summary>The kinds of work follow-up support counts, and how a spell is read from JSON or the CSV.</summary>
public static class EmploymentRules
{
    public static readonly IReadOnlyList<string> Kinds = ["local_enterprise", "public_welfare_post", "migrant_work", "self_employed", "cooperative", "other"];

    /// <summary>The employment CSV (all rows or none).</summary>
    public static readonly IReadOnlyList<string> CsvHeader = ["household_code", "member", "kind", "employer", "started_on", "ended_on"];

    public static List<FieldError> Check(EmploymentInput x)
    {
        var e = new List<FieldError>();
        if (!Kinds.Contains(x.Kind)) e.Add(new("kind", Rules.Enum, $"kind must be one of {string.Join(", ", Kinds)}."));
        if (x.Member.Number is < 1) e.Add(new("member", Rules.MemberInHousehold, "member is 1 (the head) or more, or a registered person's name."));
        if (x.Member.Name is { Length: > 200 }) e.Add(new("member", Rules.TooLong, "member is at most 200 characters."));
        if (x.Employer is { Length: > 200 }) e.Add(new("employer", Rules.TooLong, "employer is at most 200 characters."));
        if (x.EndedOn is { } end && end < x.StartedOn)
            e.Add(new("ended_on", Rules.DatesInOrder, $"ended_on {end:yyyy-MM-dd} is before started_on {x.StartedOn:yyyy-MM-dd}."));
        if (x.StartedOn > Money.Today()) e.Add(new("started_on", Rules.NotInFuture, "started_on is in the future: record work that has started."));
        return e;
    }

    /// <summary>Reads POST /api/households/{code}/employment: {member, kind, employer?, started_on, ended_on?}.</summary>
    public static (EmploymentInput? Input, List<FieldError> Errors) Read(JsonElement o, string householdCode)
    {
        if (o.ValueKind != JsonValueKind.Object) return (null, [new("$", Rules.Object, "The body must be a JSON object.")]);
        var e = new List<FieldError>();
        MemberRef? member = null;
        if (!o.TryGetProperty("member", out var m) || m.ValueKind == JsonValueKind.Null)
            e.Add(new("member", Rules.Required, "member is required: the member's number (1 = the head) or a registered person's name."));
        else if (m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var n)) member = new MemberRef(n, null);
        else if (m.ValueKind == JsonValueKind.String && m.GetString()!.Trim() is { Length: > 0 } name) member = new MemberRef(null, name);
        else e.Add(new("member", Rules.MemberInHousehold, "member is the member's number (1 = the head) or a registered person's name."));
        var kind = Json.String(o, "kind", e, required: true);
        var employer = Json.String(o, "employer", e, required: false);
        var started = Json.Date(o, "started_on", e, required: true);
        var ended = Json.Date(o, "ended_on", e, required: false);
        if (e.Count > 0) return (null, e);
        var input = new EmploymentInput(householdCode, member!, kind!, employer, started!.Value, ended);
        e.AddRange(Check(input));
        return e.Count > 0 ? (null, e) : (input, e);
    }

    public static RowError? CheckHeader(IReadOnlyList<string>? fields) =>
        fields is not null && fields.Select(f => f.Trim().TrimStart('\uFEFF')).SequenceEqual(CsvHeader)
            ? null
            : new RowError(1, "header", "header", $"The first line must be exactly: {string.Join(',', CsvHeader)}");

    /// <summary>One CSV record (line numbers count the header as 1); the input is null when refused.</summary>
    public static (EmploymentInput? Input, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f)
    {
        var errors = new List<RowError>();
        if (f.Count != CsvHeader.Count) return (null, [new RowError(line, "$", Rules.ColumnCount, $"Expected {CsvHeader.Count} columns, found {f.Count}.")]);
        var code = f[0].Trim();
        if (!HouseholdRules.IsCode(code)) errors.Add(new RowError(line, "household_code", Rules.CodeFormat, "household_code must be 1-64 letters, digits, '_', '.' or '-'."));
        var m = f[1].Trim();
        MemberRef? member = null;
        if (m.Length == 0) errors.Add(new RowError(line, "member", Rules.Required, "member is required: the member's number (1 = the head) or a registered person's name."));
        else if (m.All(char.IsAsciiDigit)) member = int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? new MemberRef(n, null) : new MemberRef(0, null);
        else member = new MemberRef(null, m);
        var started = HouseholdCsv.Date(line, "started_on", f[4], errors, required: true);
        var ended = HouseholdCsv.Date(line, "ended_on", f[5], errors, required: false);
        if (errors.Count > 0) return (null, errors);
        var input = new EmploymentInput(code, member!, f[2].Trim(), f[3].Trim() is { Length: > 0 } employer ? employer : null, started!.Value, ended);
        errors.AddRange(Check(input).Select(e => new RowError(line, e.Field, e.Rule, e.Message)));
        return errors.Count > 0 ? (null, errors) : (input, errors);
    }
}
