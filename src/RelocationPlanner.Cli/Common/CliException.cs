namespace RelocationPlanner.Cli.Common;

/// <summary>An error for the user: printed without a stack trace, exit code 1 (2 for usage).</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
