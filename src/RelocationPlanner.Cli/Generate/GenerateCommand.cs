using System.CommandLine;
using System.Text.Json;
using CsvHelper;
using NetTopologySuite.Features;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Cli.Generate;

/// <summary>rp generate: deterministic scale data (GeoJSON per collection, households and employment CSV, site projects), streamed to disk.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var roads = RpCli.CountOption("--roads", "Roads to generate");
        var powerLines = RpCli.CountOption("--power-lines", "Power lines to generate");
        var wells = RpCli.CountOption("--wells", "Wells to generate");
        var towns = RpCli.CountOption("--towns", "Towns to generate");
        var sites = RpCli.CountOption("--sites", "Resettlement sites to generate");
        var households = RpCli.CountOption("--households", "Households to generate (households.csv with the programme facts, employment.csv, referring to the generated sites)");
        var seed = RpCli.CountOption("--seed", "The generator's seed: the same seed gives the same files", fallback: 1);
        var dir = new Option<DirectoryInfo>("--output", "-o", "--out") { Description = "The folder to write into (created if missing)", Required = true, HelpName = "DIR" };
        RpCli.RequireParentFolder(dir);
        var cmd = new Command("generate", "Write deterministic scale data for benchmarks: GeoJSON per collection, households and employment CSV, site projects")
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
            // Data files for the importers, not spreadsheets: names are written as they are.
            Csv("households.csv", HouseholdCsv.AllColumns, g.Households(counts.Households, counts.Sites), "households");
            Csv("employment.csv", EmploymentRules.CsvHeader, g.Employment(counts.Households, counts.Sites), "spells of work");
        }
        if (counts.Sites > 0)
        {
            // One JSON document per line: the bodies of PUT /api/sites/{code}/plan and of the milestone and expenditure POSTs.
            var path = Path.Combine(dir, "site_projects.jsonl");
            var n = 0;
            using (var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                foreach (var p in g.SiteProjects(counts.Sites))
                {
                    w.WriteLine(JsonSerializer.Serialize(new
                    {
                        site_code = p.SiteCode,
                        plan = new { houses = p.Plan.Houses, facilities = p.Plan.Facilities, budget = p.Plan.Budget },
                        milestones = p.Milestones.Select(m => new { milestone = m.Milestone, date = m.Date }),
                        expenditures = p.Expenditures.Select(e => new { category = e.Category, amount = e.Amount, spent_on = e.SpentOn, funding_source = e.FundingSource }),
                    }, Snake));
                    n++;
                }
            Console.WriteLine($"{path}: {n:N0} site projects");
        }
        return 0;

        void Csv(string name, IReadOnlyList<string> header, IEnumerable<string[]> records, string what)
        {
            var path = Path.Combine(dir, name);
            long n = 0;
            using (var csv = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default with { NewLine = "\n" }))
            {
                csv.WriteRecord([.. header]);
                foreach (var record in records) { csv.WriteRecord(record); n++; }
            }
            Console.WriteLine($"{path}: {n:N0} {what}");
        }
    }

    static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
