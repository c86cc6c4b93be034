using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data;

/// <summary>
/// The one renderer of embedded SQL templates: it fills the <c>{name}</c> placeholders that stand for
/// what a bound parameter cannot be (a collection's table and columns, a condition a query builds with
/// its values bound). One pass over the template; a placeholder left without a value throws, so no
/// statement with a <c>{...}</c> in it reaches PostgreSQL. Names from the catalogue are checked as
/// plain lower-case identifiers before they are written into SQL.
/// </summary>
public static partial class SqlTemplate
{
    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>The embedded <paramref name="file"/> with <paramref name="fills"/>.</summary>
    public static string Render(string file, params (string Name, string Sql)[] fills) =>
        Fill(file, SqlResources.Get(file), fills);

    /// <summary>
    /// The embedded <paramref name="file"/> for collection <paramref name="c"/>: <c>{table}</c>,
    /// <c>{columns}</c> (its property columns), <c>{t_columns}</c> (the same of <c>t</c>) and <c>{properties}</c> (name, <c>t.</c>column pairs for
    /// json_build_object) come from the catalogue; <paramref name="fills"/> add the rest or replace those.
    /// </summary>
    public static string Render(string file, CollectionSpec c, params (string Name, string Sql)[] fills)
    {
        var names = c.Properties.Select(p => Checked(p.Name)).ToList();
        (string, string)[] catalogue =
        [
            ("table", Checked(c.Table)),
            ("columns", string.Join(", ", names)),
            ("t_columns", string.Join(", ", names.Select(n => "t." + n))),
            ("properties", string.Join(", ", names.Select(n => $"'{n}', t.{n}"))),
        ];
        return Fill(file, SqlResources.Get(file), [.. catalogue, .. fills]);
    }

    /// <summary>Fills <paramref name="template"/> (named <paramref name="name"/> in errors); later fills of a name win.</summary>
    public static string Fill(string name, string template, IEnumerable<(string Name, string Sql)> fills)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, sql) in fills) values[key] = sql;
        return Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var sql)
            ? sql
            : throw new InvalidOperationException($"{name}: no value for the placeholder {m.Value}."));
    }

    static string Checked(string identifier) => Identifier().IsMatch(identifier)
        ? identifier
        : throw new InvalidOperationException($"'{identifier}' is not a plain SQL identifier; the catalogue names tables and columns in lower case.");
}
