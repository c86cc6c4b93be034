using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Cli;

/// <summary>Every rp command and subcommand answers --help; wrong options are usage errors that point at it.</summary>
public class CliHelpTests
{
    /// <summary>The command names listed under "Commands:" of a help text.</summary>
    static IEnumerable<string> Subcommands(string help) =>
        help.Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[0]);

    [Fact]
    public async Task Every_command_and_subcommand_has_help()
    {
        var db = await TestDatabase.CreateAsync("clihelp");
        var seen = new List<string>();
        var queue = new Queue<string[]>([[]]);
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            var r = await Rp.RunAsync(db, [.. path, "--help"]);
            Assert.True(r.Code == 0, $"rp {string.Join(' ', path)} --help: {r.Code} {r.Err}");
            Assert.Contains("Usage:", r.Out);
            Assert.Contains($"rp {string.Join(' ', path)}".Trim(), r.Out);
            Assert.Empty(r.Err);
            seen.Add(string.Join(' ', path));
            foreach (var sub in Subcommands(r.Out)) queue.Enqueue([.. path, sub]);
        }
        foreach (var expected in new[] { "users add", "users rotate", "users revoke", "users list", "backup", "restore", "import", "export",
                     "report settled-rates", "report settled-series", "report subsidies", "report infrastructure", "report infrastructure-progress",
                     "report infrastructure-monthly", "generate", "demo", "demo import-echarts", "bench" })
            Assert.Contains(expected, seen);

        var settled = await Rp.RunAsync(db, "report", "settled-rates", "--help");
        foreach (var option in new[] { "--level", "--as-of", "--unit", "--format", "--output", "[default: county]" })
            Assert.Contains(option, settled.Out);
    }

    [Theory]
    [InlineData("report settled-rates --bogus", "rp report settled-rates --help")]
    [InlineData("report settled-rates --level galaxy", "rp report settled-rates --help")]
    [InlineData("report settled-rates --as-of 07/31/2017", "rp report settled-rates --help")]
    [InlineData("report nothing", "rp report --help")]
    [InlineData("users add x", "rp users add --help")]
    [InlineData("generate --roads -5 -o /tmp", "rp generate --help")]
    [InlineData("export nowhere -o x.gpkg", "rp export --help")]
    public async Task Usage_errors_exit_2_and_point_at_the_commands_help(string args, string hint)
    {
        var r = await Rp.RunAsync(await TestDatabase.CreateAsync("cliuse"), args.Split(' '));
        Assert.Equal(2, r.Code);
        Assert.Contains($"Try '{hint}'.", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
