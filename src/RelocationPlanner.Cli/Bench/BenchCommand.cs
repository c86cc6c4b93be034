using System.Diagnostics;
using RelocationPlanner.Cli.Common;

namespace RelocationPlanner.Cli.Bench;

/// <summary>rp bench NAME [args]: runs tools/bench/NAME/run.sh (each benchmark prints its own figures).</summary>
public static class BenchCommand
{
    public static int Run(string[] argv)
    {
        var root = DatabaseUrl.RepositoryRoot() ?? throw new CliException("Run rp bench inside the project (tools/bench is needed).");
        var benches = Directory.Exists(Path.Combine(root, "tools", "bench"))
            ? Directory.GetDirectories(Path.Combine(root, "tools", "bench")).Where(d => File.Exists(Path.Combine(d, "run.sh"))).Select(Path.GetFileName).OrderBy(n => n).ToList()
            : [];
        if (argv.Length == 0 || !benches.Contains(argv[0]))
            throw new CliException($"usage: rp bench {string.Join("|", benches)} [args]", 2);
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = root };
        psi.ArgumentList.Add(Path.Combine(root, "tools", "bench", argv[0], "run.sh"));
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
