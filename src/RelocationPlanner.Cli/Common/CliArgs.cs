namespace RelocationPlanner.Cli.Common;

/// <summary>A command line's words: positional arguments and --name value options (--flag alone = "true").</summary>
public sealed class CliArgs
{
    readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public CliArgs(IEnumerable<string> args, params string[] flags)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal) || (a.Length == 2 && a[0] == '-' && !char.IsDigit(a[1])))
            {
                var name = a.TrimStart('-');
                var eq = name.IndexOf('=');
                if (eq > 0) { options[name[..eq]] = name[(eq + 1)..]; continue; }
                if (Array.IndexOf(flags, name) >= 0 || i + 1 >= list.Count) { options[name] = "true"; continue; }
                options[name] = list[++i];
            }
            else Positional.Add(a);
        }
    }

    public string? this[string name] => options.TryGetValue(name, out var v) ? v : null;

    public string? Get(params string[] names) => names.Select(n => this[n]).FirstOrDefault(v => v is not null);

    public bool Flag(string name) => this[name] is "true" or "1" or "yes";

    public int Int(string name, int fallback) =>
        this[name] is { } v ? int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n : throw new CliException($"--{name} must be a whole number >= 0, not '{v}'.") : fallback;

    /// <summary>Names of options not in the allowed list (typos get an error, not silence).</summary>
    public void Allow(params string[] names)
    {
        var unknown = options.Keys.Where(k => Array.IndexOf(names, k) < 0).ToList();
        if (unknown.Count > 0) throw new CliException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}

/// <summary>An error for the user: printed without a stack trace, exit code 1 (2 for usage).</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
