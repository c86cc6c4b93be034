using System.CommandLine;
using System.Diagnostics;
using RelocationPlanner.Cli.Common;

namespace RelocationPlanner.Cli.Bench;

/// <summary>rp bench NAME [args]: runs tools/bench/NAME/run.sh (each benchmark prints its own figures).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var root = DatabaseUrl.RepositoryRoot();
        var dir = root is null ? null : Path.Combine(root, "tools", "bench");
        var benches = dir is not null && Directory.Exists(dir)
            ? Directory.GetDirectories(dir).Where(d => File.Exists(Path.Combine(d, "run.sh"))).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray()
            : [];
        var name = new Argument<string>("name") { Description = $"The benchmark: {(benches.Length > 0 ? string.Join(", ", benches) : "none found (run rp inside the project)")}" };
        name.AcceptOnlyFromAmong(benches);
        // Everything after the name goes to the benchmark's run.sh as it is.
        var cmd = new Command("bench", "Run a benchmark of tools/bench (its options follow the name, e.g. rp bench import --roads 100000)") { name };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(p =>
        {
            var psi = new ProcessStartInfo("bash") { WorkingDirectory = root! };
            psi.ArgumentList.Add(Path.Combine(dir!, p.GetValue(name)!, "run.sh"));
            foreach (var a in p.UnmatchedTokens) psi.ArgumentList.Add(a);
            using var proc = Process.Start(psi)!;
            proc.WaitForExit();
            return proc.ExitCode;
        });
        return cmd;
    }
}
