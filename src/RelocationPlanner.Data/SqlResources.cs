using System.Collections.Concurrent;
using System.Reflection;

namespace RelocationPlanner.Data;

/// <summary>
/// The .sql files embedded beside the code that runs them, loaded once. Looked up by file
/// name (e.g. <c>items.sql</c>); names are unique within an assembly.
/// </summary>
public static class SqlResources
{
    static readonly ConcurrentDictionary<(Assembly, string), string> Cache = new();

    public static string Get(string fileName, Assembly? assembly = null)
    {
        assembly ??= typeof(SqlResources).Assembly;
        return Cache.GetOrAdd((assembly, fileName), key =>
        {
            var names = key.Item1.GetManifestResourceNames().Where(n => n.EndsWith("." + key.Item2, StringComparison.Ordinal)).ToArray();
            if (names.Length != 1)
                throw new InvalidOperationException($"Expected one embedded SQL file named {key.Item2} in {key.Item1.GetName().Name}, found {names.Length}.");
            using var stream = key.Item1.GetManifestResourceStream(names[0])!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });
    }

    /// <summary>Embedded files under a folder, as (file name, text), sorted by name.</summary>
    public static IEnumerable<(string Name, string Sql)> Folder(string folder, Assembly? assembly = null)
    {
        assembly ??= typeof(SqlResources).Assembly;
        var prefix = assembly.GetName().Name + "." + folder + ".";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..], reader.ReadToEnd());
        }
    }
}
