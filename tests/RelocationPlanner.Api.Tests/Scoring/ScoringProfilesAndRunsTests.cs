using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static RelocationPlanner.Api.Tests.Scoring.ScoringFixture;

namespace RelocationPlanner.Api.Tests.Scoring;

/// <summary>Profiles (versions, AHP), bad input, the surface, saved sites, runs and sensitivity.</summary>
public class ScoringProfilesAndRunsTests(ScoringFixture f) : IClassFixture<ScoringFixture>
{
    static JsonArray Matrix(params double[][] rows) => new(rows.Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode)v).ToArray())).ToArray());

    [Fact]
    public async Task The_default_profile_exists_from_the_start()
    {
        var list = await f.GetJson("/api/scoring/profiles");
        Assert.Contains(list.GetProperty("profiles").EnumerateArray(), p => p.GetProperty("code").GetString() == "default");
        var d = await f.GetJson("/api/scoring/profiles/default");
        Assert.Equal(4, d.GetProperty("profile").GetProperty("criteria").GetArrayLength());
    }

    [Fact]
    public async Task Ahp_weights_are_saved_with_their_consistency_ratio_and_inconsistent_matrices_refused()
    {
        var consistent = DefaultWith(p =>
        {
            p["code"] = "ahp-ok";
            p["ahp"] = new JsonObject
            {
                ["criteria"] = new JsonArray("road", "water", "power", "town"),
                ["matrix"] = Matrix([1, 2, 3, 2], [0.5, 1, 2, 1], [1.0 / 3, 0.5, 1, 0.5], [0.5, 1, 2, 1]),
            };
        });
        var saved = await OkJson(await f.PostJson("/api/scoring/profiles", consistent));
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.InRange(saved.GetProperty("ahp").GetProperty("consistency_ratio").GetDouble(), 0, 0.1);
        var w = saved.GetProperty("weights");
        Assert.True(w.GetProperty("road").GetDouble() > w.GetProperty("water").GetDouble());
        Assert.Equal(1, w.EnumerateObject().Sum(x => x.Value.GetDouble()), 6);
        var again = await OkJson(await f.PostJson("/api/scoring/profiles", consistent));
        Assert.Equal(2, again.GetProperty("version").GetInt32());
        Assert.Equal(2, (await f.GetJson("/api/scoring/profiles/ahp-ok")).GetProperty("version").GetInt32());
        Assert.Equal(1, (await f.GetJson("/api/scoring/profiles/ahp-ok?version=1")).GetProperty("version").GetInt32());

        // road > water > power, but power > road: CR far above 0.1.
        var inconsistent = DefaultWith(p =>
        {
            p["code"] = "ahp-bad";
            p["ahp"] = new JsonObject
            {
                ["criteria"] = new JsonArray("road", "water", "power"),
                ["matrix"] = Matrix([1, 5, 1.0 / 7], [0.2, 1, 5], [7, 0.2, 1]),
            };
        });
        var bad = await ProblemJson(await f.PostJson("/api/scoring/profiles", inconsistent));
        Assert.Equal("ahp.matrix", bad.GetProperty("field").GetString());
        Assert.Equal("ahp_consistency", bad.GetProperty("errors")[0].GetProperty("rule").GetString());

        var notReciprocal = DefaultWith(p =>
        {
            p["code"] = "ahp-rec";
            p["ahp"] = new JsonObject { ["criteria"] = new JsonArray("road", "water"), ["matrix"] = Matrix([1, 3], [3, 1]) };
        });
        var rec = await ProblemJson(await f.PostJson("/api/scoring/profiles", notReciprocal));
        Assert.Equal("ahp.matrix[1][0]", rec.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await f.Get("/api/scoring/profiles/ahp-bad")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        var point = Candidate("x", Geo.Point(108.2, 38.7));
        Assert.Equal("profile", (await ProblemJson(await f.EvaluateAsync("no-such-profile", point))).GetProperty("field").GetString());
        Assert.Equal("features.features", (await ProblemJson(await f.PostJson("/api/scoring/evaluate",
            new JsonObject { ["profile"] = "default", ["features"] = Geo.Collection() }))).GetProperty("field").GetString());
        var bowtie = Candidate("b", Geo.Polygon((108.0, 38.0), (108.1, 38.1), (108.1, 38.0), (108.0, 38.1), (108.0, 38.0)));
        var invalid = await ProblemJson(await f.EvaluateAsync("default", point, bowtie));
        Assert.Equal("features.features[1].geometry", invalid.GetProperty("field").GetString());
        var empty = Candidate("e", new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray() });
        Assert.StartsWith("features.features[0].geometry", (await ProblemJson(await f.EvaluateAsync("default", empty))).GetProperty("field").GetString());
        var zeroWeights = DefaultWith(p => { foreach (var c in p["criteria"]!.AsArray()) c!["weight"] = 0; });
        var zw = await ProblemJson(await f.EvaluateAsync(zeroWeights, point));
        Assert.Equal("profile.criteria", zw.GetProperty("field").GetString());
        Assert.Equal("weights_sum", zw.GetProperty("errors")[0].GetProperty("rule").GetString());
        var typo = DefaultWith(p => p["criteria"]![0]!["wieght"] = 1);
        Assert.StartsWith("profile.criteria", (await ProblemJson(await f.EvaluateAsync(typo, point))).GetProperty("field").GetString());
        var tooBig = await ProblemJson(await f.Get("/api/scoring/surface?bbox=106.5,37.5,111.5,40.9&cell_m=100"));
        Assert.Equal("cell_m", tooBig.GetProperty("field").GetString());
        Assert.Equal("bbox", (await ProblemJson(await f.Get("/api/scoring/surface?bbox=1,2,3"))).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_surface_scores_every_cell_of_the_grid()
    {
        await f.ImportAsync("roads", Road("S-R1", "completed", (111.0, 40.0), (111.1, 40.1)));
        var r = await f.Get("/api/scoring/surface?bbox=111.0,40.0,111.1,40.1&cell_m=2000");
        var json = await OkJson(r);
        var props = json.GetProperty("properties");
        int cells = props.GetProperty("columns").GetInt32() * props.GetProperty("rows").GetInt32();
        Assert.InRange(cells, 4 * 5, 6 * 6 + 1); // ~8.5 km x 11 km at 2 km
        var features = json.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(cells, features.Length);
        Assert.All(features, c => Assert.InRange(c.GetProperty("properties").GetProperty("score").GetDouble(), 0, 100));
        Assert.Equal("Polygon", features[0].GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_grid_surface_gives_every_cell_the_score_evaluate_gives_its_centre()
    {
        await f.ImportAsync("roads", Road("G-R1", "completed", (111.21, 40.21), (111.27, 40.28)));
        await f.ImportAsync("wells", Well("G-W1", 111.29, 40.22));
        await f.ImportAsync("power_lines", Power("G-P1", 35, (111.2, 40.29), (111.3, 40.27)));
        await f.ImportAsync("towns", Town("G-T1", 111.24, 40.3));
        const string q = "/api/scoring/surface?bbox=111.2,40.2,111.3,40.3&cell_m=1500";
        var grid = await OkJson(await f.Get(q + "&format=grid"));
        int cols = grid.GetProperty("columns").GetInt32(), rows = grid.GetProperty("rows").GetInt32();
        var scores = grid.GetProperty("scores").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(cols * rows, scores.Length);
        double lon0 = grid.GetProperty("origin")[0].GetDouble(), lat0 = grid.GetProperty("origin")[1].GetDouble();
        double dLon = grid.GetProperty("cell_size")[0].GetDouble(), dLat = grid.GetProperty("cell_size")[1].GetDouble();
        var centres = Enumerable.Range(0, scores.Length)
            .Select(k => Candidate($"c{k}", Geo.Point(lon0 + (k % cols + 0.5) * dLon, lat0 + (k / cols + 0.5) * dLat))).ToArray();
        var evaluated = (await OkJson(await f.EvaluateAsync("default", centres))).GetProperty("results").EnumerateArray().ToArray();
        for (int k = 0; k < scores.Length; k++)
            Assert.Equal(Math.Round(evaluated[k].GetProperty("score").GetDouble(), 1), scores[k], 6);
        Assert.Contains(scores, s => s > 0);

        // The GeoJSON form carries the same scores, cell k as feature k.
        var features = (await OkJson(await f.Get(q))).GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(scores, features.Select(c => c.GetProperty("properties").GetProperty("score").GetDouble()));
        Assert.Equal("format", (await ProblemJson(await f.Get(q + "&format=png"))).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Saved_sites_are_scored_with_nearest_features_and_rescored_by_a_job()
    {
        if (await f.CountAsync("admin_units") == 0) await f.SeedUnitsAsync();
        await f.ImportAsync("roads", Road("J-R1", "completed", (108.3, 38.8), (108.4, 38.8)));
        await f.ImportAsync("wells", Well("J-W1", 108.35, 38.82));
        await f.ImportAsync("power_lines", Power("J-P1", 10, (108.3, 38.85), (108.4, 38.85)));
        await f.ImportAsync("towns", Town("J-T1", 108.32, 38.83));
        long id = 0;
        foreach (var (code, lon) in new[] { ("J-S1", 108.33), ("J-S2", 108.36), ("J-S3", 108.45) })
        {
            var created = await f.PostGeoJson("/api/sites", Geo.Feature(Geo.Point(lon, 38.81),
                new() { ["code"] = code, ["name"] = code, ["site_type"] = "separate", ["separate_kind"] = "self_built" }));
            var body = await OkJson(created);
            if (id == 0) id = body.GetProperty("id").GetInt64();
        }

        var score = await f.GetJson($"/api/sites/{id}/score");
        var nearest = score.GetProperty("result").GetProperty("nearest").EnumerateArray().ToArray();
        Assert.Equal(["road", "water", "power", "town"], nearest.Select(n => n.GetProperty("criterion").GetString()));
        Assert.Equal("J-R1", nearest[0].GetProperty("code").GetString());
        Assert.Equal(108.33, nearest[0].GetProperty("point")[0].GetDouble(), 6); // foot of the perpendicular on the road
        Assert.Equal("J-T1", nearest[3].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await f.Get("/api/sites/999999/score")).StatusCode);

        var started = await f.PostJson("/api/scoring/runs", new JsonObject { ["profile"] = "default" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        JsonElement job = default;
        for (int i = 0; i < 150; i++)
        {
            job = await f.GetJson(location);
            if (job.GetProperty("status").GetString() is "succeeded" or "failed") break;
            await Task.Delay(200);
        }
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        long runId = job.GetProperty("result").GetProperty("run_id").GetInt64();

        var run = await f.GetJson($"/api/scoring/runs/{runId}");
        Assert.Equal(3, run.GetProperty("site_count").GetInt32());
        Assert.Equal("default", run.GetProperty("profile").GetProperty("code").GetString());
        Assert.True(run.GetProperty("data_version").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, run.GetProperty("data_versions").GetProperty("roads").ValueKind);

        var sens = await f.GetJson($"/api/scoring/runs/{runId}/sensitivity");
        Assert.Equal(3, sens.GetProperty("sites").GetArrayLength());
        Assert.Equal(8, sens.GetProperty("scenarios").GetArrayLength()); // 4 criteria x (+10 %, -10 %)

        var posted = await OkJson(await f.PostJson("/api/scoring/sensitivity", new JsonObject
        {
            ["profile"] = "default",
            ["features"] = Geo.Collection(Candidate("a", Geo.Point(108.33, 38.81)), Candidate("b", Geo.Point(108.45, 38.81))),
        }));
        Assert.Equal(1, posted.GetProperty("sites")[0].GetProperty("base_rank").GetInt32());
    }
}
