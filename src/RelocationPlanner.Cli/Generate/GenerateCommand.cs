using System.CommandLine;
using CsvHelper;
using NetTopologySuite.Features;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Cli.Generate;

/// <summary>rp generate: deterministic scale data (GeoJSON per collection, households CSV), streamed to disk.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var roads = RpCli.CountOption("--roads", "Roads to generate");
        var powerLines = RpCli.CountOption("--power-lines", "Power lines to generate");
        var wells = RpCli.CountOption("--wells", "Wells to generate");
        var towns = RpCli.CountOption("--towns", "Towns to generate");
        var sites = RpCli.CountOption("--sites", "Resettlement sites to generate");
        var households = RpCli.CountOption("--households", "Households to generate (households.csv, referring to the generated sites)");
        var seed = RpCli.CountOption("--seed", "The generator's seed: the same seed gives the same files", fallback: 1);
        var dir = new Option<DirectoryInfo>("--output", "-o", "--out") { Description = "The folder to write into (created if missing)", Required = true, HelpName = "DIR" };
        RpCli.RequireParentFolder(dir);
        var cmd = new Command("generate", "Write deterministic scale data for benchmarks: GeoJSON per collection and a households CSV")
            { roads, powerLines, wells, towns, sites, households, seed, dir };
        cmd.SetAction(p => Run(p.GetValue(dir)!.FullName, p.GetValue(seed),
            new ScaleCounts(p.GetValue(roads), p.GetValue(powerLines), p.GetValue(wells), p.GetValue(towns), p.GetValue(sites), p.GetValue(households))));
        return cmd;
    }

    static int Run(string dir, int seed, ScaleCounts counts)
    {
        var g = new ScaleGenerator(seed);
        Directory.CreateDirectory(dir);
        void Layer(string name, int n, IEnumerable<IFeature> features)
        {
            if (n == 0) return;
            var path = Path.Combine(dir, name + ".geojson");
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                GeoJsonIO.WriteCollection(file, features);
            Console.WriteLine($"{path}: {n:N0} features, {new FileInfo(path).Length / 1e6:0.0} MB");
        }
        Layer("roads", counts.Roads, g.Roads(counts.Roads));
        Layer("power_lines", counts.PowerLines, g.PowerLines(counts.PowerLines));
        Layer("wells", counts.Wells, g.Wells(counts.Wells));
        Layer("towns", counts.Towns, g.Towns(counts.Towns));
        Layer("sites", counts.Sites, g.Sites(counts.Sites));
        if (counts.Households > 0)
        {
            var path = Path.Combine(dir, "households.csv");
            // A data file for the importer, not a spreadsheet: names are written as they are.
            using (var csv = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default with { NewLine = "\n" }))
            {
                csv.WriteRecord([.. HouseholdCsv.Header]);
                foreach (var record in g.Households(counts.Households, counts.Sites)) csv.WriteRecord(record);
            }
            Console.WriteLine($"{path}: {counts.Households:N0} households");
        }
        return 0;
    }
}
