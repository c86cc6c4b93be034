using System.Diagnostics;
using System.Text;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Cli;

/// <summary>The built `rp` (rp.dll beside this test's configuration; the project reference builds it first), run as a process.</summary>
public static class Rp
{
    static readonly string Dll = Path.Combine(TestDatabase.RepoRoot, "src", "RelocationPlanner.Cli", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "rp.dll");

    /// <summary>Runs rp against <paramref name="db"/> with stdout and stderr captured (so not a terminal).</summary>
    public static Task<(int Code, string Out, string Err)> RunAsync(string db, params string[] args) => RunAsync(db, null, args);

    public static Task<(int Code, string Out, string Err)> RunAsync(string db, IDictionary<string, string>? env, params string[] args) =>
        RunInAsync(TestDatabase.RepoRoot, db, env, args);

    /// <summary>Runs rp in <paramref name="workingDirectory"/> (what it leaves behind there can be checked).</summary>
    public static async Task<(int Code, string Out, string Err)> RunInAsync(string workingDirectory, string db, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RP_DATABASE_URL"] = db;
        psi.Environment.Remove("COLUMNS");
        psi.Environment.Remove("NO_COLOR");
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    public static string LastLine(string s) => s.TrimEnd().Split('\n')[^1].Trim();
}
