using System.Text.Json;

namespace RelocationPlanner.Core.Features;

/// <summary>
/// What every JSON input must also be, beyond parsing: text without NUL (PostgreSQL text cannot
/// hold it) or lone UTF-16 surrogates, and objects without a key given twice (which one would
/// count is a guess). Names the path of the first fault, e.g. <c>features[3].properties.name</c>.
/// </summary>
public static class StrictJson
{
    /// <summary>The first fault under <paramref name="element"/>, or null; paths start at <paramref name="path"/> ("" = the root, named "$").</summary>
    public static FieldError? Check(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                foreach (var p in element.EnumerateObject())
                {
                    if (ReadText(() => p.Name) is not { } name || name.Contains('\0'))
                        return new(Name(path), Rules.Text, "A member name has a NUL character, a lone surrogate or undecodable bytes.");
                    var at = path.Length == 0 ? name : path + "." + name;
                    seen ??= new(StringComparer.Ordinal);
                    if (!seen.Add(name)) return new(at, Rules.Duplicate, $"{name} is given twice in the same object.");
                    if (Check(p.Value, at) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String && Check(item, $"{path}[{i}]") is { } inner)
                        return inner;
                    i++;
                }
                return null;
            case JsonValueKind.String:
                return ReadText(element.GetString) is { } s && !s.Contains('\0') ? null
                    : new(Name(path), Rules.Text, "Text must not hold NUL characters, lone surrogates or undecodable bytes.");
            default:
                return null;
        }
    }

    static string Name(string path) => path.Length == 0 ? "$" : path;

    /// <summary>The text, or null when it cannot be decoded (System.Text.Json throws on lone surrogates there).</summary>
    static string? ReadText(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
