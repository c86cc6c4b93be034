using System.CommandLine;
using System.Text.Json;
using CsvHelper;
using NetTopologySuite.Features;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;
using Spectre.Console;

namespace RelocationPlanner.Cli.Generate;

/// <summary>
/// rp generate: deterministic scale data (GeoJSON per collection, households, employment and
/// payments CSV, site projects and policies as request bodies), streamed to disk with a progress bar.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var roads = new Option<int?>("--roads") { Description = "Road segments to generate", HelpName = "N" };
        var powerLines = new Option<int?>("--power-lines") { Description = "Power-line segments to generate", HelpName = "N" };
        var wells = new Option<int?>("--wells") { Description = "Wells to generate", HelpName = "N" };
        var towns = new Option<int?>("--towns") { Description = "Towns to generate", HelpName = "N" };
        var sites = new Option<int?>("--sites") { Description = "Resettlement sites to generate (national: 35 centralized in every 735)", HelpName = "N" };
        var households = new Option<int?>("--households") { Description = "Households to generate (households.csv with the programme facts, employment.csv, payments.csv, referring to the generated sites)", HelpName = "N" };
        foreach (var o in new[] { roads, powerLines, wells, towns, sites, households })
            o.Validators.Add(r => { if (r.GetValueOrDefault<int?>() < 0) r.AddError($"{o.Name} must be a whole number >= 0."); });
        var national = new Option<bool>("--national") { Description = "The national case: 31 provinces, 1,395 counties with townships and villages (admin_units.geojson, settlements.geojson), 3M households, 35k + 700k sites, 2M roads, 0.5M power lines and wells; counts given above override it" };
        var provinces = RpCli.CountOption("--provinces", "With --national: only the first N provinces, with the counts scaled to N/31 (1 = a province-size case)", fallback: 31, min: 1);
        provinces.Validators.Add(r => { if (r.GetValueOrDefault<int>() > 31) r.AddError("--provinces must be at most 31."); });
        var seed = RpCli.CountOption("--seed", "The generator's seed: the same seed gives the same files", fallback: 1);
        var dir = new Option<DirectoryInfo>("--output", "-o", "--out") { Description = "The folder to write into (created if missing)", Required = true, HelpName = "DIR" };
        RpCli.RequireParentFolder(dir);
        var cmd = new Command("generate", "Write deterministic scale data for benchmarks: GeoJSON per collection, households, employment and payments CSV, site projects, policies")
            { roads, powerLines, wells, towns, sites, households, national, provinces, seed, dir };
        cmd.SetAction(p =>
        {
            var area = p.GetValue(national) ? ScaleArea.National(p.GetValue(provinces)) : ScaleArea.Ordos;
            var d = area.IsNational ? ScaleCounts.National(area.Provinces) : new ScaleCounts();
            var counts = new ScaleCounts(p.GetValue(roads) ?? d.Roads, p.GetValue(powerLines) ?? d.PowerLines, p.GetValue(wells) ?? d.Wells,
                p.GetValue(towns) ?? d.Towns, p.GetValue(sites) ?? d.Sites, p.GetValue(households) ?? d.Households);
            return Run(p.GetValue(dir)!.FullName, new ScaleGenerator(p.GetValue(seed), area), counts);
        });
        return cmd;
    }

    static int Run(string dir, ScaleGenerator g, ScaleCounts counts)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        Terminal.Out.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                // Counts each item as it is written; max 0 = not known ahead (the bar then shows the count only).
                IEnumerable<T> Counted<T>(string name, long max, IEnumerable<T> items)
                {
                    var task = ctx.AddTask(name, maxValue: Math.Max(1, max));
                    task.IsIndeterminate = max == 0;
                    long n = 0;
                    foreach (var item in items)
                    {
                        yield return item;
                        if (++n % 10_000 == 0) { task.Value = n; task.Description = $"{name}: {n:N0}"; }
                    }
                    task.Description = $"{name}: {n:N0}";
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                }

                void Layer(string name, int n, IEnumerable<IFeature> features)
                {
                    if (n == 0) return;
                    var path = Path.Combine(dir, name + ".geojson");
                    long count = 0;
                    using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                        GeoJsonIO.WriteCollection(file, Counted(name, n, features).Select(f => { count++; return f; }));
                    written.Add($"{path}: {count:N0} features, {new FileInfo(path).Length / 1e6:0.0} MB");
                }

                void Csv(string name, IReadOnlyList<string> header, long max, IEnumerable<string[]> records, string what)
                {
                    var path = Path.Combine(dir, name);
                    long n = 0;
                    using (var csv = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default with { NewLine = "\n" }))
                    {
                        csv.WriteRecord([.. header]);
                        foreach (var record in Counted(name, max, records)) { csv.WriteRecord(record); n++; }
                    }
                    written.Add($"{path}: {n:N0} {what}");
                }

                void Lines(string name, IEnumerable<object> bodies, string what)
                {
                    // One JSON document per line: each the body of one request.
                    var path = Path.Combine(dir, name);
                    var n = 0;
                    using (var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                        foreach (var body in Counted(name, 0, bodies)) { w.WriteLine(JsonSerializer.Serialize(body, Snake)); n++; }
                    written.Add($"{path}: {n:N0} {what}");
                }

                var area = g.Area;
                if (area.IsNational)
                {
                    var units = area.CountyCodes.Count * (1 + ScaleArea.TownshipsPerCounty * (1 + ScaleArea.VillagesPerTownship)) + area.Provinces * (1 + ScaleArea.CitiesPerProvince);
                    Layer("admin_units", units, area.AdminUnits());
                    Layer("settlements", area.CountyCodes.Count * ScaleArea.TownshipsPerCounty * ScaleArea.VillagesPerTownship, area.Settlements());
                }
                Layer("towns", counts.Towns, g.Towns(counts.Towns));
                Layer("sites", counts.Sites, g.Sites(counts.Sites));
                Layer("roads", counts.Roads, g.Roads(counts.Roads));
                Layer("power_lines", counts.PowerLines, g.PowerLines(counts.PowerLines));
                Layer("wells", counts.Wells, g.Wells(counts.Wells));
                if (counts.Households > 0)
                {
                    // The programme's rules, one request body per region (POST /api/subsidy-policies, POST /api/compliance-policies).
                    Lines("subsidy_policies.jsonl", area.PolicyRegions.Select(region => (object)new
                    {
                        code = $"scale-2016-{region}",
                        region_code = region,
                        valid_from = "2016-01-01",
                        valid_to = "2020-12-31",
                        basis = "per_person",
                        components = ScaleGenerator.PolicyComponents.Select(c => new { name = c.Name, amount = c.PerPerson, funding_source = c.FundingSource }),
                    }), "subsidy policies");
                    Lines("compliance_policies.jsonl", area.PolicyRegions.Select(region => (object)new
                    {
                        code = $"scale-compliance-{region}",
                        region_code = region,
                        valid_from = "2016-01-01",
                        valid_to = "2020-12-31",
                        max_area_m2_per_person = 25,
                        max_self_paid_per_person = 3000,
                        max_self_paid_per_household = 10000,
                        demolish_within_days = 730,
                        min_employed_per_labour_household = 1,
                    }), "compliance policies");
                    // Data files for the importers, not spreadsheets: names are written as they are.
                    Csv("households.csv", HouseholdCsv.AllColumns, counts.Households, g.Households(counts.Households, counts.Sites), "households");
                    Csv("employment.csv", EmploymentRules.CsvHeader, 0, g.Employment(counts.Households, counts.Sites), "spells of work");
                    Csv("payments.csv", ScaleGenerator.PaymentsHeader, 0, g.Payments(counts.Households, counts.Sites), "payments");
                }
                if (counts.Sites > 0)
                    // The bodies of PUT /api/sites/{code}/plan and of the milestone and expenditure POSTs, one site a line.
                    Lines("site_projects.jsonl", g.SiteProjects(counts.Sites).Select(p => (object)new
                    {
                        site_code = p.SiteCode,
                        plan = new { houses = p.Plan.Houses, facilities = p.Plan.Facilities, budget = p.Plan.Budget },
                        milestones = p.Milestones.Select(m => new { milestone = m.Milestone, date = m.Date }),
                        expenditures = p.Expenditures.Select(e => new { category = e.Category, amount = e.Amount, spent_on = e.SpentOn, funding_source = e.FundingSource }),
                    }), "site projects");
            });
        foreach (var line in written) Console.WriteLine(line);
        return 0;
    }

    static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
