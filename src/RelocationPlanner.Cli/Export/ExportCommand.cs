using System.CommandLine;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Export;

namespace RelocationPlanner.Cli.Export;

/// <summary>
/// rp export COLLECTION --format gpkg -o FILE [--bbox a,b,c,d] [--where property=value ...]: the service's
/// export code against the database. A Shapefile is one .zip (.shp .shx .dbf .prj .cpg): -o x.shp writes x.zip.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var collection = new Argument<string>("collection") { Description = "The collection to export" };
        collection.AcceptOnlyFromAmong([.. Collections.All.Select(x => x.Id)]);
        var format = new Option<string>("--format", "-f") { Description = "The file format (default: from the output's extension); shp writes one .zip of .shp/.shx/.dbf/.prj/.cpg (-o roads.shp writes roads.zip)" };
        format.AcceptOnlyFromAmong([.. FeatureExporter.Formats.Select(f => f.Id)]);
        var outputFile = RpCli.OutputOption("The file to write", required: true);
        var bbox = new Option<string>("--bbox") { Description = "Only features meeting this box, in degrees", HelpName = "minLon,minLat,maxLon,maxLat" };
        var where = new Option<string[]>("--where") { Description = "Only features whose property has this value (repeatable)", HelpName = "property=value" };
        where.Validators.Add(r =>
        {
            foreach (var w in r.GetValueOrDefault<string[]?>() ?? [])
                if (!w.Contains('=', StringComparison.Ordinal)) r.AddError($"--where takes property=value, not '{w}'.");
        });
        var cmd = new Command("export", "Export a collection to a GIS file (the service's export code, run against the database)")
            { collection, format, outputFile, bbox, where };
        cmd.SetAction((p, ct) => RunAsync(p.GetValue(collection)!, p.GetValue(format), p.GetValue(outputFile)!.FullName, p.GetValue(bbox),
            [.. (p.GetValue(where) ?? []).Select(w => w.Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], kv[1]))], ct));
        return cmd;
    }

    static async Task<int> RunAsync(string collection, string? formatId, string output, string? bbox, List<KeyValuePair<string, string>> wheres, CancellationToken ct)
    {
        var c = Collections.Find(collection)!;
        var format = FeatureExporter.Find(formatId ?? Path.GetExtension(output).TrimStart('.').Replace("zip", "shp"))
            ?? throw new CliException($"--format must be one of: {string.Join(", ", FeatureExporter.Formats.Select(f => f.Id))}.", 2);
        var (query, errors) = ExportQuery.Parse(c, bbox, wheres);
        if (query is null) throw new CliException(string.Join("\n", errors.Select(e => $"{e.Field}: {e.Message}")), 2);

        // A Shapefile is several files: the export is their zip, named so.
        if (format.Id == "shp" && !output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) output = Path.ChangeExtension(output, ".zip");
        var target = Path.GetFullPath(output);

        await using var db = Database.CreateDataSource(DatabaseUrl.Resolve(), "rp export");
        var work = Path.Combine(Path.GetTempPath(), "rp-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = await FeatureExporter.ExportFileAsync(db, query, format, work, ct);
            try
            {
                File.Move(file, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{output}: cannot write the file ({e.Message}).");
            }
            var kind = format.Id == "shp" ? "shp (a zip of .shp .shx .dbf .prj .cpg)" : format.Id;
            Console.WriteLine($"{output}: {c.Id} as {kind}, {new FileInfo(target).Length / 1e3:0.0} kB");
            return 0;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }
}
