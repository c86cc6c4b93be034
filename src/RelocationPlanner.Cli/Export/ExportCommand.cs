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
    public const string Usage = "rp export COLLECTION --format gpkg|shp|kml|csv|geojson|fgb -o FILE [--bbox minLon,minLat,maxLon,maxLat] [--where status=completed]\n"
        + "         (shp writes one .zip of .shp/.shx/.dbf/.prj/.cpg: -o roads.shp writes roads.zip)";

    public static async Task<int> RunAsync(string[] argv, CancellationToken ct)
    {
        if (argv.Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine("usage: " + Usage);
            return 0;
        }
        // --where may repeat; pull those out before the generic parser.
        var wheres = new List<KeyValuePair<string, string>>();
        var rest = new List<string>();
        for (var i = 0; i < argv.Length; i++)
        {
            if (argv[i] == "--where" && i + 1 < argv.Length)
            {
                var kv = argv[++i].Split('=', 2);
                if (kv.Length != 2) throw new CliException("--where takes property=value.", 2);
                wheres.Add(KeyValuePair.Create(kv[0], kv[1]));
            }
            else rest.Add(argv[i]);
        }
        var args = new CliArgs(rest);
        args.Allow("format", "o", "out", "bbox");
        if (args.Positional.Count != 1 || args.Get("o", "out") is not { } output) throw new CliException("usage: " + Usage, 2);
        var c = Collections.Find(args.Positional[0]) ?? throw new CliException($"COLLECTION must be one of: {string.Join(", ", Collections.All.Select(x => x.Id))}.");
        var format = FeatureExporter.Find(args["format"] ?? Path.GetExtension(output).TrimStart('.').Replace("zip", "shp"))
            ?? throw new CliException($"--format must be one of: {string.Join(", ", FeatureExporter.Formats.Select(f => f.Id))}.");
        var (query, errors) = ExportQuery.Parse(c, args["bbox"], wheres);
        if (query is null) throw new CliException(string.Join("\n", errors.Select(e => $"{e.Field}: {e.Message}")));

        // A Shapefile is several files: the export is their zip, named so.
        if (format.Id == "shp" && !output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) output = Path.ChangeExtension(output, ".zip");
        var target = Path.GetFullPath(output);
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
            throw new CliException($"{output}: the folder {folder} does not exist.");

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
