using System.Text.Json;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Api.Tests.Cli;

/// <summary>
/// rp generate's programme files, written by the real command: the households CSV with every fact
/// column, the employment CSV, and site projects whose lines are bodies the service's own readers
/// take (PUT plan, milestone and expenditure POSTs).
/// </summary>
public class GenerateCliTests
{
    [Fact]
    public async Task The_generated_programme_files_are_what_the_service_reads()
    {
        var dir = Directory.CreateTempSubdirectory("rp-generate-");
        try
        {
            var r = await Rp.RunAsync("", "generate", "--sites", "40", "--households", "300", "--seed", "5", "-o", dir.FullName);
            Assert.True(r.Code == 0, r.Err);

            var households = File.ReadAllLines(Path.Combine(dir.FullName, "households.csv"));
            Assert.Equal(string.Join(',', HouseholdCsv.AllColumns), households[0]);
            Assert.Equal(301, households.Length);
            var employment = File.ReadAllLines(Path.Combine(dir.FullName, "employment.csv"));
            Assert.Equal(string.Join(',', EmploymentRules.CsvHeader), employment[0]);
            Assert.All(employment.Skip(1).Select((l, i) => EmploymentRules.Parse(i + 2, l.Split(','))), p => Assert.Empty(p.Errors));

            using var sites = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(dir.FullName, "sites*.geojson").Single()));
            var centralized = sites.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
                .Where(p => p.GetProperty("site_type").GetString() == "centralized").Select(p => p.GetProperty("code").GetString()).ToList();
            var lines = File.ReadAllLines(Path.Combine(dir.FullName, "site_projects.jsonl"));
            Assert.NotEmpty(lines);
            Assert.Contains($"{lines.Length} site projects", r.Out);
            // One project per centralized site, in the order of the sites file.
            Assert.Equal(centralized, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("site_code").GetString()));
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                var (plan, errors) = SiteProjectRules.ReadPlan(o.GetProperty("plan"));
                Assert.True(plan is not null, string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
                Assert.True(plan.FloorAreaM2 > 0 && plan.BudgetTotal > 0);
                var milestones = o.GetProperty("milestones").EnumerateArray().ToList();
                Assert.Equal(SiteProjectRules.Approved, milestones[0].GetProperty("milestone").GetString());
                foreach (var e in o.GetProperty("expenditures").EnumerateArray())
                {
                    var (x, xe) = SiteProjectRules.ReadExpenditure(e);
                    Assert.True(x is not null, string.Join("; ", xe.Select(f => $"{f.Field} {f.Message}")));
                }
            }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task The_national_case_writes_the_same_bytes_for_the_same_seed()
    {
        var dirs = new[] { Directory.CreateTempSubdirectory("rp-national-"), Directory.CreateTempSubdirectory("rp-national-") };
        try
        {
            string[] args = ["generate", "--national", "--provinces", "1", "--households", "200", "--sites", "300", "--roads", "100", "--power-lines", "20", "--wells", "20", "--seed", "4"];
            foreach (var dir in dirs)
            {
                var r = await Rp.RunAsync("", [.. args, "-o", dir.FullName]);
                Assert.True(r.Code == 0, r.Err);
                Assert.Contains("admin_units.geojson: 5,451 features", r.Out);
                Assert.Contains("settlements.geojson: 4,860 features", r.Out);
            }
            var names = dirs[0].GetFiles().Select(f => f.Name).Order().ToList();
            Assert.Equal(["admin_units.geojson", "compliance_policies.jsonl", "employment.csv", "households.csv", "payments.csv", "power_lines.geojson",
                "roads.geojson", "settlements.geojson", "site_projects.jsonl", "sites.geojson", "subsidy_policies.jsonl", "wells.geojson"], names);
            foreach (var name in names)
                Assert.True(File.ReadAllBytes(Path.Combine(dirs[0].FullName, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(dirs[1].FullName, name))), $"{name} differs");
            Assert.Equal(201, File.ReadAllLines(Path.Combine(dirs[0].FullName, "households.csv")).Length);
            // One policy per province generated, for the province's code.
            using var policy = JsonDocument.Parse(File.ReadAllLines(Path.Combine(dirs[0].FullName, "subsidy_policies.jsonl")).Single());
            Assert.Equal("11", policy.RootElement.GetProperty("region_code").GetString());
        }
        finally { foreach (var d in dirs) d.Delete(true); }
    }
}
