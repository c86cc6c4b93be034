using NetTopologySuite.Features;
using System.Text;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Cli.Generate;

/// <summary>rp generate: deterministic scale data (GeoJSON per collection, households CSV), streamed to disk.</summary>
public static class GenerateCommand
{
    public const string Usage = "rp generate [--roads N] [--power-lines N] [--wells N] [--towns N] [--sites N] [--households N] [--seed N] -o DIR";

    public static int Run(string[] argv)
    {
        var args = new CliArgs(argv);
        args.Allow("roads", "power-lines", "wells", "towns", "sites", "households", "seed", "o", "out");
        var dir = args.Get("o", "out") ?? throw new CliException("usage: " + Usage, 2);
        var counts = new ScaleCounts(args.Int("roads", 0), args.Int("power-lines", 0), args.Int("wells", 0), args.Int("towns", 0), args.Int("sites", 0), args.Int("households", 0));
        var g = new ScaleGenerator(args.Int("seed", 1));
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
            using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
            {
                w.NewLine = "\n";
                w.WriteLine(HouseholdCsv.HeaderLine);
                foreach (var line in g.Households(counts.Households, counts.Sites)) w.WriteLine(line);
            }
            Console.WriteLine($"{path}: {counts.Households:N0} households");
        }
        return 0;
    }
}
