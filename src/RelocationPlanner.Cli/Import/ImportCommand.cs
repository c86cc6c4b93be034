using System.CommandLine;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Jobs;
using Spectre.Console;

namespace RelocationPlanner.Cli.Import;

/// <summary>
/// rp import FILE --into COLLECTION [--mapping JSON] [--source-crs-offset gcj02|bd09] [--source-crs EPSG:n]:
/// the service's own import code (same validation, one transaction) run directly against the database.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "GeoPackage, zipped Shapefile, KML/KMZ, CSV, GeoJSON or FlatGeobuf" };
        file.AcceptExistingOnly();
        var into = new Option<string>("--into") { Description = "The collection to import into", Required = true };
        into.AcceptOnlyFromAmong([.. Collections.All.Select(x => x.Id)]);
        var mapping = new Option<string>("--mapping") { Description = "Source fields for target properties, as JSON: {\"code\":\"ID\"}", HelpName = "JSON" };
        var offset = new Option<string>("--source-crs-offset") { Description = "Undo a Chinese web-map offset of the source coordinates" };
        offset.AcceptOnlyFromAmong("gcj02", "bd09");
        var crs = new Option<string>("--source-crs") { Description = "The source's CRS when the file does not say (e.g. EPSG:4547)", HelpName = "EPSG:n" };
        var user = new Option<string>("--user") { Description = "Who history records as the author (default cli:<os user>)", HelpName = "NAME" };
        var cmd = new Command("import", "Import a GIS file into a collection (the service's import code: same validation, one transaction)")
            { file, into, mapping, offset, crs, user };
        cmd.SetAction((p, ct) => RunAsync(p.GetValue(file)!.FullName, p.GetValue(into)!, p.GetValue(mapping), p.GetValue(offset), p.GetValue(crs), p.GetValue(user), ct));
        return cmd;
    }

    static async Task<int> RunAsync(string file, string into, string? mappingJson, string? offsetName, string? sourceCrs, string? user, CancellationToken ct)
    {
        var c = Collections.Find(into)!;
        var offset = ImportSettings.ParseOffset(offsetName) ?? throw new CliException("--source-crs-offset must be gcj02 or bd09.", 2);
        Dictionary<string, string>? mapping = null;
        if (mappingJson is { } m)
            try { mapping = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(m); }
            catch (System.Text.Json.JsonException) { throw new CliException("--mapping must be a JSON object {\"target_property\": \"source_field\"}.", 2); }

        await using var db = Database.CreateDataSource(DatabaseUrl.Resolve(), "rp import");
        try
        {
            await using var source = await ImportSource.OpenAsync(file, Path.GetFileName(file), c, sourceCrs, ct);
            ImportResult result = null!;
            await Terminal.Out.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"{Path.GetFileName(file)} -> {c.Id}", maxValue: 1);
                    var progress = new Sync(p => { task.Value = p.Fraction; task.Description = $"{Path.GetFileName(file)} -> {c.Id}: {p.Stage} {p.Rows:N0} rows"; });
                    result = await FeatureImporter.ImportAsync(db, c, source, new ImportSettings(mapping, offset), user ?? DatabaseUrl.ActingUser(), progress, ct);
                });
            Terminal.Out.MarkupLine($"[green]imported {result.Imported:N0} feature(s) into {c.Id} in {result.Seconds:0.0} s[/]");
            foreach (var w in result.Warnings) Console.Error.WriteLine($"  warning: {w.Field}: {w.Rule}: {w.Message}");
            // A bulk import queues the clipping into unit parts; no service may be running to do it, so do it here.
            if (await RefreshBacklog.DrainAsync(db, ct) is > 0 and var refreshed)
                Terminal.Out.MarkupLine($"refreshed the report projections of {refreshed:N0} row(s)");
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
