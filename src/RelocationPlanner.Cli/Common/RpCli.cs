using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Npgsql;

namespace RelocationPlanner.Cli.Common;

/// <summary>
/// Runs the command tree: usage errors name the command and point at its --help (exit 2), errors
/// for the user are one line without a stack trace (exit 1), Ctrl-C exits 130. Also the option
/// shapes several commands share (dates, output files).
/// </summary>
public static class RpCli
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // No @file response files: a file name starting with @ is a file name.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine("rp: " + e.Message);
            Console.Error.WriteLine($"Try '{CommandPath(parse.CommandResult)} --help'.");
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            Console.Error.WriteLine("rp: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("rp: cancelled");
            return 130;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine("rp: database error: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine("rp: " + e.Message);
            return 1;
        }
    }

    static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Parent is null ? "rp" : c.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>A date option written YYYY-MM-DD (nothing else: 07/31/2017 is ambiguous).</summary>
    public static Option<DateOnly?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            r.AddError($"{name} is a date written YYYY-MM-DD, not '{text}'.");
            return null;
        },
    };

    /// <summary>A whole number option of at least <paramref name="min"/>.</summary>
    public static Option<int> CountOption(string name, string description, int fallback = 0, int min = 0)
    {
        var o = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback, HelpName = "N" };
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < min) r.AddError($"{name} must be a whole number >= {min}.");
        });
        return o;
    }

    /// <summary>
    /// A file to write (-o/--output): its folder must exist, so a typo fails before any work is
    /// done, with a message that says which folder is missing.
    /// </summary>
    public static Option<FileInfo> OutputOption(string description, bool required)
    {
        var o = new Option<FileInfo>("--output", "-o", "--out") { Description = description, Required = required, HelpName = "FILE" };
        o.AcceptLegalFilePathsOnly();
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo?>() is not { } f) return;
            if (Directory.Exists(f.FullName)) r.AddError($"{f.FullName} is a folder; give a file name for --output.");
            else if (f.Directory is { Exists: false } d) r.AddError($"The folder {d.FullName} for --output does not exist; create it first.");
        });
        return o;
    }

    /// <summary>A folder to write into (created when missing, but its parent must exist).</summary>
    public static void RequireParentFolder(Option<DirectoryInfo> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<DirectoryInfo?>() is { Exists: false, Parent: { Exists: false } p } d)
                r.AddError($"The folder {p.FullName} (for {d.Name}) does not exist; create it first.");
        });
    }
}
