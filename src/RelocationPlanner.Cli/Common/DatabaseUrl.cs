using System.Diagnostics;

namespace RelocationPlanner.Cli.Common;

/// <summary>
/// The database every rp command talks to: the same one tools/run uses, as one of its two roles.
/// Import, export and reports act as the application role (RP_DATABASE_URL), like the service;
/// users, backup and restore need the owner role (RP_MIGRATE_DATABASE_URL, else RP_DATABASE_URL
/// for a single-role set-up). Unset: the local cluster under the repository's .data/pg (tools/pg url).
/// </summary>
public static class DatabaseUrl
{
    public static string Resolve(bool owner = false)
    {
        if (owner && Environment.GetEnvironmentVariable("RP_MIGRATE_DATABASE_URL") is { Length: > 0 } ownerUrl) return ownerUrl;
        if (Environment.GetEnvironmentVariable("RP_DATABASE_URL") is { Length: > 0 } url) return url;
        var root = RepositoryRoot() ?? throw new CliException("Set RP_DATABASE_URL, or run inside the project so the local cluster (.data/pg) can be found.");
        var dataDir = Path.Combine(root, ".data", "pg");
        if (!File.Exists(Path.Combine(dataDir, "rp.port")))
            throw new CliException($"No local database in {dataDir}: start it with tools/run or tools/rp, or set RP_DATABASE_URL.");
        var psi = new ProcessStartInfo(Path.Combine(root, "tools", "pg")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        psi.ArgumentList.Add("url");
        psi.ArgumentList.Add(dataDir);
        psi.ArgumentList.Add(owner ? "owner" : "app");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        var error = p.StandardError.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0 || output.Length == 0)
            throw new CliException($"No database: set RP_DATABASE_URL or start the local cluster (tools/pg start .data/pg). {error}");
        return output.Split('\n')[^1].Trim();
    }

    /// <summary>
    /// The application role's name when it is not the owner's: after migrating or restoring, the
    /// owner grants it what the service needs. Null in a single-role set-up.
    /// </summary>
    public static string? AppRole()
    {
        static string? UserOf(string url) => new Npgsql.NpgsqlConnectionStringBuilder(Data.Database.ToConnectionString(url)).Username;
        var app = UserOf(Resolve());
        return app is not null && app != UserOf(Resolve(owner: true)) ? app : null;
    }

    /// <summary>Who the CLI's changes are recorded as in history ("cli:" and the OS user).</summary>
    public static string ActingUser() => "cli:" + (string.IsNullOrEmpty(Environment.UserName) ? "unknown" : Environment.UserName);

    /// <summary>The folder holding tools/pg, searched upwards from the current folder and from the program's folder.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "tools", "pg"))) return d.FullName;
        return null;
    }
}
