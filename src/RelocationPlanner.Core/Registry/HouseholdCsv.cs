using System.Globalization;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Registry;

/// <summary>The registry's CSV exchange format (issue 5), one household per line.</summary>
public static class HouseholdCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["household_code", "head_name", "members", "county_code", "origin_settlement_code", "site_code", "settlement_type", "registered_on", "keys_claimed_on", "moved_in_on"];

    public static string HeaderLine => string.Join(',', Header);

    public static RowError? CheckHeader(IReadOnlyList<string>? fields) =>
        fields is not null && fields.Count == Header.Count && fields.Select(f => f.Trim().TrimStart('\uFEFF')).SequenceEqual(Header)
            ? null
            : new RowError(1, "header", "header", $"The first line must be exactly: {HeaderLine}");

    /// <summary>Parses and checks one record; the input is null when the row is refused.</summary>
    public static (HouseholdInput? Row, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f)
    {
        var errors = new List<RowError>();
        // A NUL, or bytes that were not UTF-8 (decoded as U+FFFD), would corrupt a name: refuse, never store.
        for (var i = 0; i < f.Count; i++)
            if (f[i].Contains('\0') || f[i].Contains('\uFFFD'))
                errors.Add(new RowError(line, i < Header.Count ? Header[i] : $"column {i + 1}", Rules.Text,
                    "The value has a NUL character or bytes that are not UTF-8: save the file as UTF-8 text."));
        if (errors.Count > 0) return (null, errors);
        if (f.Count != Header.Count)
        {
            errors.Add(new RowError(line, "$", Rules.ColumnCount, $"Expected {Header.Count} columns, found {f.Count}."));
            return (null, errors);
        }
        int members = 0;
        if (!int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out members))
            errors.Add(new RowError(line, "members", Rules.Integer, "members must be a whole number."));
        var registered = Date(line, "registered_on", f[7], errors, required: true);
        var keys = Date(line, "keys_claimed_on", f[8], errors, required: false);
        var moved = Date(line, "moved_in_on", f[9], errors, required: false);
        if (errors.Count > 0) return (null, errors);
        var row = new HouseholdInput(f[0].Trim(), f[1].Trim(), members, f[3].Trim(), Empty(f[4]), Empty(f[5]), f[6].Trim(),
            null, null, registered!.Value, keys, moved, []);
        foreach (var e in HouseholdRules.Check(row))
            errors.Add(new RowError(line, e.Field switch { "code" => "household_code", "unit_code" => "county_code", _ => e.Field }, e.Rule, e.Message));
        return (errors.Count == 0 ? row : null, errors);
    }

    static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static DateOnly? Date(long line, string field, string s, List<RowError> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            if (required) errors.Add(new RowError(line, field, Rules.Required, $"{field} is required."));
            return null;
        }
        if (DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new RowError(line, field, Rules.Date, $"{field} must be a date yyyy-mm-dd (empty = not yet)."));
        return null;
    }

    public static FieldError ToFieldError(RowError e) => new(e.Field, e.Rule, e.Message);
}
