using System.Text.Json;
using System.Text.Json.Nodes;
using static RelocationPlanner.Api.Tests.Scoring.ScoringFixture;

namespace RelocationPlanner.Api.Tests.Scoring;

/// <summary>`rp score` runs the service's engine straight on the database: the same scores as POST /api/scoring/evaluate.</summary>
public class ScoreCommandTests(ScoringFixture f) : IClassFixture<ScoringFixture>
{
    static JsonObject Circle(double lon, double lat, double r, int n) =>
        Geo.Polygon([.. Enumerable.Range(0, n + 1).Select(i => (lon + r * Math.Cos(2 * Math.PI * (i % n) / n), lat + r * Math.Sin(2 * Math.PI * (i % n) / n)))]);

    [Fact]
    public async Task Rp_score_gives_the_scores_evaluate_gives()
    {
        await f.ImportAsync("roads", Road("C-R1", "completed", (110.50, 40.30), (110.56, 40.33), (110.62, 40.31)), Road("C-R2", "planned", (110.52, 40.36), (110.60, 40.36)));
        await f.ImportAsync("wells", Well("C-W1", 110.53, 40.37), Well("C-W2", 110.61, 40.27));
        await f.ImportAsync("power_lines", Power("C-P1", 35, (110.45, 40.40), (110.65, 40.41)));
        await f.ImportAsync("towns", Town("C-T1", 110.58, 40.35), Town("C-T2", 110.40, 40.20, "county_seat"));
        var candidates = new[]
        {
            Candidate("c-point", Geo.Point(110.55, 40.34)),
            Candidate("c-far", Geo.Point(110.70, 40.20)),
            Candidate("c-square", Geo.Square(110.57, 40.28, 0.01)),
            // Above the indexed-path threshold and crossing road C-R1.
            Candidate("c-circle", Circle(110.59, 40.32, 0.02, 500)),
        };
        var api = await OkJson(await f.EvaluateAsync("default", candidates));

        var file = Path.Combine(Path.GetTempPath(), $"rp-score-{Guid.NewGuid():N}.geojson");
        var csv = Path.ChangeExtension(file, ".csv");
        try
        {
            await File.WriteAllTextAsync(file, Geo.Collection(candidates).ToJsonString());
            var (code, stdout, stderr) = await Cli.Rp.RunAsync(f.Service.ConnectionString, "score", file, "--profile", "default", "--format", "json");
            Assert.True(code == 0, stderr);
            var cli = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(api.GetProperty("data_version").GetInt64(), cli.GetProperty("data_version").GetInt64());
            Assert.Equal(api.GetProperty("profile").GetRawText(), cli.GetProperty("profile").GetRawText());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(api.GetProperty("results").GetRawText()), JsonNode.Parse(cli.GetProperty("results").GetRawText())),
                $"api {api.GetProperty("results")}\ncli {cli.GetProperty("results")}");
            Assert.Equal(0, api.GetProperty("results")[3].GetProperty("criteria")[0].GetProperty("distance_m").GetDouble());

            // Any importable file: the points as a CSV (read by GDAL) give the same rows in the table.
            await File.WriteAllTextAsync(csv, "code,lon,lat\nc-point,110.55,40.34\nc-far,110.70,40.20\n");
            var table = await Cli.Rp.RunAsync(f.Service.ConnectionString, "score", csv);
            Assert.True(table.Code == 0, table.Err);
            Assert.Contains("score", table.Out);
            for (int i = 0; i < 2; i++)
            {
                var score = api.GetProperty("results")[i].GetProperty("score").GetDouble();
                var site = api.GetProperty("results")[i].GetProperty("code").GetString();
                Assert.Contains(table.Out.Split('\n'), l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"{site}\W+{Math.Round(score, 1):0.0}\W"));
            }
        }
        finally
        {
            File.Delete(file);
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Rp_score_refuses_a_file_with_a_bad_site_and_names_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rp-score-{Guid.NewGuid():N}.geojson");
        try
        {
            await File.WriteAllTextAsync(file, Geo.Collection(Candidate("ok", Geo.Point(110.5, 40.3)), Candidate("swapped", Geo.Point(40.3, 110.5))).ToJsonString());
            var (code, _, stderr) = await Cli.Rp.RunAsync(f.Service.ConnectionString, "score", file);
            Assert.Equal(1, code);
            Assert.Contains("row 2 (swapped): features[1].geometry.coordinates: outside_china", stderr);
            var unknown = await Cli.Rp.RunAsync(f.Service.ConnectionString, "score", file, "--profile", "nope");
            Assert.Equal(1, unknown.Code);
            Assert.Contains("No saved scoring profile 'nope'", unknown.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
