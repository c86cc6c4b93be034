using System.Diagnostics;
using RelocationPlanner.Data;

namespace RelocationPlanner.Cli.Users;

/// <summary>
/// The database the CLI talks to: the same one tools/run uses. RP_DATABASE_URL when set,
/// otherwise the local cluster under the repository's .data/pg (whose URL tools/pg prints).
/// </summary>
public static class CliDatabase
{
    public static string ConnectionString()
    {
        var url = Environment.GetEnvironmentVariable("RP_DATABASE_URL");
        if (!string.IsNullOrWhiteSpace(url)) return Database.ToConnectionString(url);
        var root = RepoRoot() ?? throw new CliException("Set RP_DATABASE_URL, or run rp inside the RelocationPlanner repository (tools/rp does both).");
        var dataDir = Path.Combine(root, ".data", "pg");
        if (!File.Exists(Path.Combine(dataDir, "rp.port")))
            throw new CliException($"No local database in {dataDir}: start it with tools/run or tools/rp, or set RP_DATABASE_URL.");
        var psi = new ProcessStartInfo(Path.Combine(root, "tools", "pg"), ["url", dataDir]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0 || output.Length == 0) throw new CliException("tools/pg url failed; is the local cluster set up?");
        return Database.ToConnectionString(output.Split('\n')[^1]);
    }

    /// <summary>Who the CLI's changes are recorded as in history.</summary>
    public static string ActingUser() => "cli:" + (string.IsNullOrEmpty(Environment.UserName) ? "unknown" : Environment.UserName);

    static string? RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RelocationPlanner.sln"))) return dir.FullName;
        return null;
    }
}

/// <summary>An expected failure: printed as one line, exit code 1, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
