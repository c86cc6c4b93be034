using Spectre.Console;

namespace RelocationPlanner.Cli.Common;

/// <summary>
/// Standard output for tables, progress and messages (Spectre.Console): colours and live progress
/// on a terminal; plain text (no ANSI codes, 80 columns unless COLUMNS says otherwise) when the
/// output goes to a pipe or a file, or when NO_COLOR or TERM=dumb ask for it.
/// </summary>
public static class Terminal
{
    public static bool Plain { get; } = Console.IsOutputRedirected
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || Environment.GetEnvironmentVariable("TERM") == "dumb";

    public static IAnsiConsole Out { get; } = Create(Console.Out, Plain);

    /// <summary>A console writing to <paramref name="writer"/>, plain or not.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool plain)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if (plain)
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var w) && w >= 40 ? w : 80;
        return console;
    }
}
