using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using static RelocationPlanner.Api.Tests.Scoring.ScoringFixture;

namespace RelocationPlanner.Api.Tests.Scoring;

/// <summary>A service with 23 saved sites around one set of infrastructure, and one rescoring run of them.</summary>
public sealed class RunRowsFixture : ScoringFixture
{
    public const int Sites = 23;

    /// <summary>Saved site codes by id, in id order.</summary>
    public SortedDictionary<long, string> SiteCodes { get; } = [];

    public long RunId { get; private set; }
    public string JobLocation { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedUnitsAsync();
        await ImportAsync("roads", Road("RR-R1", "completed", (108.3, 38.8), (108.5, 38.8)));
        await ImportAsync("wells", Well("RR-W1", 108.35, 38.82));
        await ImportAsync("power_lines", Power("RR-P1", 10, (108.3, 38.85), (108.5, 38.85)));
        await ImportAsync("towns", Town("RR-T1", 108.32, 38.83));
        // Spread out so the scores differ, one far away (no feature within reach).
        await ImportAsync("sites", [.. Enumerable.Range(0, Sites).Select(i => Geo.Feature(Geo.Point(108.3 + i * 0.02, 38.81 + (i % 3) * 0.01),
            new() { ["code"] = $"RR-S{i:00}", ["name"] = $"site {i}", ["site_type"] = "separate", ["separate_kind"] = "self_built" }))]);
        await using (var conn = new NpgsqlConnection(Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT id, code FROM sites", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) SiteCodes[r.GetInt64(0)] = r.GetString(1);
        }
        var started = await PostJson("/api/scoring/runs", new JsonObject { ["profile"] = "default" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        JobLocation = started.Headers.Location!.ToString();
        var job = await FinishedAsync(JobLocation);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        RunId = job.GetProperty("result").GetProperty("run_id").GetInt64();
    }

    public async Task<JsonElement> FinishedAsync(string location)
    {
        for (int i = 0; i < 300; i++)
        {
            var job = await GetJson(location);
            if (job.GetProperty("status").GetString() is "succeeded" or "failed") return job;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{location} did not finish.");
    }

    public async Task<long> CountRowsAsync(string sql, object value)
    {
        await using var conn = new NpgsqlConnection(Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A run's results are rows (one per site), read a page at a time; a retried job stores them once.</summary>
public class ScoringRunRowsTests(RunRowsFixture f) : IClassFixture<RunRowsFixture>
{
    [Fact]
    public async Task A_run_stores_one_row_per_site_with_the_score_each_site_gets()
    {
        Assert.Equal(RunRowsFixture.Sites, await f.CountRowsAsync("SELECT count(*) FROM scoring_run_sites WHERE run_id = $1", f.RunId));
        var run = await f.GetJson($"/api/scoring/runs/{f.RunId}");
        Assert.Equal(RunRowsFixture.Sites, run.GetProperty("site_count").GetInt32());
        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(f.SiteCodes.Keys, results.Select(r => r.GetProperty("site_id").GetInt64()));
        Assert.Equal(f.SiteCodes.Values, results.Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("next_after").ValueKind);

        // Each stored row is what scoring that saved site gives now (same profile, same data).
        foreach (var (row, i) in results.Select((r, i) => (r, i)).Where(x => x.i % 5 == 0))
        {
            var scored = (await f.GetJson($"/api/sites/{row.GetProperty("site_id").GetInt64()}/score")).GetProperty("result");
            Assert.Equal(scored.GetProperty("score").GetDouble(), row.GetProperty("score").GetDouble(), 9);
            Assert.Equal(scored.GetProperty("excluded").GetBoolean(), row.GetProperty("excluded").GetBoolean());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(scored.GetProperty("criteria").GetRawText()), JsonNode.Parse(row.GetProperty("criteria").GetRawText())),
                $"site {i}: scored {scored.GetProperty("criteria")}, stored {row.GetProperty("criteria")}");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(scored.GetProperty("reasons").GetRawText()), JsonNode.Parse(row.GetProperty("reasons").GetRawText())));
        }
        Assert.True(results.Select(r => r.GetProperty("score").GetDouble()).Distinct().Count() > 3, "the sites should score differently");

        // The sensitivity of the run reads the same rows.
        var sens = await f.GetJson($"/api/scoring/runs/{f.RunId}/sensitivity");
        Assert.Equal(f.SiteCodes.Values.Order(), sens.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("code").GetString()).Order());
    }

    [Theory]
    [InlineData(7)]  // 7 + 7 + 7 + 2
    [InlineData(23)] // exactly one full page: no next page
    [InlineData(1)]
    public async Task Paging_walks_every_site_once_in_site_id_order(int limit)
    {
        var seen = new List<long>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = await f.GetJson($"/api/scoring/runs/{f.RunId}?limit={limit}" + (after is null ? "" : $"&after={after}"));
            Assert.True(++pages <= RunRowsFixture.Sites, "more pages than sites: the pages do not move on");
            var ids = page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("site_id").GetInt64()).ToList();
            Assert.InRange(ids.Count, 1, limit);
            Assert.Equal(RunRowsFixture.Sites, page.GetProperty("site_count").GetInt32());
            seen.AddRange(ids);
            var next = page.GetProperty("next_after");
            if (next.ValueKind == JsonValueKind.Null) after = null;
            else
            {
                Assert.Equal(ids[^1], next.GetInt64());
                after = next.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        } while (after is not null);
        Assert.Equal(f.SiteCodes.Keys, seen);
        Assert.Equal((RunRowsFixture.Sites + limit - 1) / limit, pages);

        // Past the last site: an empty page, no next.
        var end = await f.GetJson($"/api/scoring/runs/{f.RunId}?after={f.SiteCodes.Keys.Last()}");
        Assert.Equal(0, end.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, end.GetProperty("next_after").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1e3", "limit")]
    [InlineData("limit=%201", "limit")]
    [InlineData("after=-1", "after")]
    [InlineData("after=1.5", "after")]
    [InlineData("after=x%27%3B%20DROP%20TABLE%20sites", "after")]
    [InlineData("after=99999999999999999999", "after")]
    public async Task Hostile_paging_parameters_are_refused_naming_the_parameter(string query, string field)
    {
        var problem = await ProblemJson(await f.Get($"/api/scoring/runs/{f.RunId}?{query}"));
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(RunRowsFixture.Sites, await f.CountAsync("sites"));
    }

    [Fact]
    public async Task An_unknown_run_is_not_found_and_the_largest_page_is_allowed()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await f.Get($"/api/scoring/runs/{f.RunId + 1000}")).StatusCode);
        var max = await f.GetJson($"/api/scoring/runs/{f.RunId}?limit=10000");
        Assert.Equal(RunRowsFixture.Sites, max.GetProperty("results").GetArrayLength());
    }

    /// <summary>
    /// The job's process died after its run was committed but before the job was marked done: the
    /// queue delivers it again, the job scores again and gets the run it stored, not a second one.
    /// </summary>
    [Fact]
    public async Task A_retried_job_answers_the_run_it_stored_and_stores_no_second_set_of_rows()
    {
        var started = await f.PostJson("/api/scoring/runs", new JsonObject { ["profile"] = "default" });
        var location = started.Headers.Location!.ToString();
        var first = await f.FinishedAsync(location);
        long runId = first.GetProperty("result").GetProperty("run_id").GetInt64();
        var jobId = Guid.Parse(location.Split('/')[^1]);

        await using (var conn = new NpgsqlConnection(f.Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using (var died = new NpgsqlCommand("UPDATE jobs SET status = 'running', result = NULL WHERE id = $1", conn))
            {
                died.Parameters.AddWithValue(jobId);
                Assert.Equal(1, await died.ExecuteNonQueryAsync());
            }
            await using var find = new NpgsqlCommand("SELECT id FROM hangfire.job WHERE arguments::text LIKE '%' || $1 || '%'", conn);
            find.Parameters.AddWithValue(jobId.ToString());
            var queued = (long)(await find.ExecuteScalarAsync())!;
            var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(f.Service.ConnectionString, options), options);
            Assert.True(new BackgroundJobClient(storage).Requeue(queued.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var again = await f.FinishedAsync(location);
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal(runId, again.GetProperty("result").GetProperty("run_id").GetInt64());
        Assert.Equal(1, await f.CountRowsAsync("SELECT count(*) FROM scoring_runs WHERE job_id = $1", jobId));
        Assert.Equal(RunRowsFixture.Sites, await f.CountRowsAsync("SELECT count(*) FROM scoring_run_sites WHERE run_id = $1", runId));
        // The queue really ran the job twice.
        Assert.Equal(2, (await Import.ImportCrashTests.QueueStatesAsync(f.Service.ConnectionString, location)).Count(s => s.Name == "Processing"));
    }
}
