using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Import;
using Spectre.Console;

namespace RelocationPlanner.Cli.Import;

/// <summary>
/// rp import FILE --into COLLECTION [--mapping JSON] [--source-crs-offset gcj02|bd09] [--source-crs EPSG:n]:
/// the service's own import code (same validation, one transaction) run directly against the database.
/// </summary>
public static class ImportCommand
{
    public const string Usage = "rp import FILE --into COLLECTION [--mapping '{\"code\":\"ID\"}'] [--source-crs-offset gcj02|bd09] [--source-crs EPSG:4547] [--user NAME]\n"
        + "         (fields the collection does not take, and Shapefile names read back, e.g. completed_ -> completed_on, are listed as warnings)";

    public static async Task<int> RunAsync(string[] argv, CancellationToken ct)
    {
        if (argv.Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine("usage: " + Usage);
            return 0;
        }
        var args = new CliArgs(argv);
        args.Allow("into", "mapping", "source-crs-offset", "source-crs", "user");
        if (args.Positional.Count != 1 || args["into"] is not { } into) throw new CliException("usage: " + Usage, 2);
        var file = Path.GetFullPath(args.Positional[0]);
        if (!File.Exists(file)) throw new CliException($"{file}: no such file.");
        var c = Collections.Find(into) ?? throw new CliException($"--into must be one of: {string.Join(", ", Collections.All.Select(x => x.Id))}.");
        var offset = ImportSettings.ParseOffset(args["source-crs-offset"]) ?? throw new CliException("--source-crs-offset must be gcj02 or bd09.");
        Dictionary<string, string>? mapping = null;
        if (args["mapping"] is { } m)
            try { mapping = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(m); }
            catch (System.Text.Json.JsonException) { throw new CliException("--mapping must be a JSON object {\"target_property\": \"source_field\"}."); }

        await using var db = Database.CreateDataSource(DatabaseUrl.Resolve(), "rp import");
        try
        {
            await using var source = await ImportSource.OpenAsync(file, Path.GetFileName(file), c, args["source-crs"], ct);
            ImportResult result = null!;
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"{Path.GetFileName(file)} -> {c.Id}", maxValue: 1);
                    var progress = new Sync(p => { task.Value = p.Fraction; task.Description = $"{Path.GetFileName(file)} -> {c.Id}: {p.Stage} {p.Rows:N0} rows"; });
                    result = await FeatureImporter.ImportAsync(db, c, source, new ImportSettings(mapping, offset), args["user"] ?? DatabaseUrl.ActingUser(), progress, ct);
                });
            AnsiConsole.MarkupLine($"[green]imported {result.Imported:N0} feature(s) into {c.Id} in {result.Seconds:0.0} s[/]");
            foreach (var w in result.Warnings) Console.Error.WriteLine($"  warning: {w.Field}: {w.Rule}: {w.Message}");
            return 0;
        }
        catch (ImportFailedException e)
        {
            Console.Error.WriteLine(e.Message);
            foreach (var x in e.Errors.Take(50)) Console.Error.WriteLine($"  row {x.Row}: {x.Field}: {x.Rule}: {x.Message}");
            if (e.Errors.Count > 50) Console.Error.WriteLine($"  ... and {e.Errors.Count - 50} more");
            return 1;
        }
    }

    sealed class Sync(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
