using System.Globalization;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Core.Registry;

/// <summary>
/// The registry's CSV exchange format, one household per line: the required columns
/// (<see cref="Header"/>) in that order, then any of the programme's optional fact columns
/// (<see cref="Optional"/>, same names as in JSON) in any order, each at most once.
/// </summary>
public static class HouseholdCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["household_code", "head_name", "members", "county_code", "origin_settlement_code", "site_code", "settlement_type", "registered_on", "keys_claimed_on", "moved_in_on"];

    /// <summary>Columns a file may add after <see cref="Header"/>: the household facts.</summary>
    public static IReadOnlyList<string> Optional => HouseholdFactRules.Names;

    /// <summary>Every column, required then optional: what a file with all the facts has.</summary>
    public static readonly IReadOnlyList<string> AllColumns = [.. Header, .. HouseholdFactRules.Names];

    public static string HeaderLine => string.Join(',', Header);

    /// <summary>The columns of one file: the required ones, then the optional ones it has, in its order.</summary>
    public sealed class Layout(IReadOnlyList<string> optional)
    {
        public IReadOnlyList<string> OptionalColumns { get; } = optional;

        public int Count => Header.Count + OptionalColumns.Count;

        /// <summary>Parses and checks one record; the input is null when the row is refused.</summary>
        public (HouseholdInput? Row, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f)
        {
            // A NUL or bytes that were not UTF-8 never get here: the staging writer refuses them naming the column.
            var errors = new List<RowError>();
            if (f.Count != Count)
            {
                errors.Add(new RowError(line, "$", Rules.ColumnCount, $"Expected {Count} columns, found {f.Count}."));
                return (null, errors);
            }
            int members = 0;
            if (!int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out members))
                errors.Add(new RowError(line, "members", Rules.Integer, "members must be a whole number."));
            var registered = Date(line, "registered_on", f[7], errors, required: true);
            var keys = Date(line, "keys_claimed_on", f[8], errors, required: false);
            var moved = Date(line, "moved_in_on", f[9], errors, required: false);
            var given = new Dictionary<string, object?>(StringComparer.Ordinal);
            var factErrors = new List<FieldError>();
            for (var i = 0; i < OptionalColumns.Count; i++)
                given[OptionalColumns[i]] = HouseholdFactRules.ParseCell(OptionalColumns[i], f[Header.Count + i], factErrors);
            errors.AddRange(factErrors.Select(e => new RowError(line, e.Field, e.Rule, e.Message)));
            if (errors.Count > 0) return (null, errors);
            var row = new HouseholdInput(f[0].Trim(), f[1].Trim(), members, f[3].Trim(), Empty(f[4]), Empty(f[5]), f[6].Trim(),
                null, null, registered!.Value, keys, moved, [], HouseholdFactRules.Apply(HouseholdFacts.None, given));
            foreach (var e in HouseholdRules.Check(row))
                errors.Add(new RowError(line, e.Field switch { "code" => "household_code", "unit_code" => "county_code", _ => e.Field }, e.Rule, e.Message));
            return (errors.Count == 0 ? row : null, errors);
        }

        string Column(int i) => i < Header.Count ? Header[i] : OptionalColumns[i - Header.Count];
    }

    /// <summary>The layout of a file with the required columns only.</summary>
    public static readonly Layout Required = new([]);

    /// <summary>Reads the header line: the required columns in order, then known optional columns, each once.</summary>
    public static (Layout? Layout, RowError? Error) ReadHeader(IReadOnlyList<string>? fields)
    {
        var names = fields?.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
        if (names is null || names.Count < Header.Count || !names.Take(Header.Count).SequenceEqual(Header))
            return (null, new RowError(1, "header", "header",
                $"The first line must start with exactly: {HeaderLine}; optional columns after it: {string.Join(", ", Optional)}"));
        var optional = names.Skip(Header.Count).ToList();
        foreach (var name in optional)
        {
            if (!Optional.Contains(name))
                return (null, new RowError(1, name, "header", $"Unknown column {name}; optional columns are {string.Join(", ", Optional)}."));
            if (optional.Count(n => n == name) > 1)
                return (null, new RowError(1, name, "header", $"Column {name} is given twice."));
        }
        return (new Layout(optional), null);
    }

    /// <summary>Parses a record of a file with the required columns only.</summary>
    public static (HouseholdInput? Row, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f) => Required.Parse(line, f);

    static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A yyyy-mm-dd cell (empty = not yet, an error when required), as every registry CSV reads dates.</summary>
    public static DateOnly? Date(long line, string field, string s, List<RowError> errors, bool required)
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
