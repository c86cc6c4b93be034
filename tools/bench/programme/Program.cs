// Programme benchmark: the 1M-household scale case with the programme's facts filled in
// (ScaleGenerator: areas, own payments, labour, demolitions, exemptions, employment, site projects),
// loaded through the real service, then the figures of the issue beside a naive peer in the same run:
// compliance and site-progress reports at county level (<= 1 s each) and the flagged-household list
// paged (<= 200 ms per page). Prints the figures; not a test.
//   dotnet run -c Release --project tools/bench/programme -- [households=1000000] [sites=2000] [seed=20160101]
// Uses RP_TEST_DATABASE_URL if set, else starts a throwaway PostGIS with tools/pg.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Npgsql;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.TestSupport;

var inv = CultureInfo.InvariantCulture;
var households = args.Length > 0 ? int.Parse(args[0], inv) : 1_000_000;
var sites = args.Length > 1 ? int.Parse(args[1], inv) : 2_000;
var seed = args.Length > 2 ? int.Parse(args[2], inv) : 20160101;
const string AsOf = "2019-06-30";
const string County = "150621";
var asm = System.Reflection.Assembly.GetExecutingAssembly();
var g = new ScaleGenerator(seed);
var results = new List<(string Step, string Measured, string Peer, string Target, bool? Met)>();
var sw = Stopwatch.StartNew();

string Write(string name, IReadOnlyList<string> header, IEnumerable<string[]> records)
{
    var path = Path.Combine(Path.GetTempPath(), $"rp-programme-bench-{name}-{households}-{seed}.csv");
    using var csv = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default with { NewLine = "\n" });
    csv.WriteRecord([.. header]);
    foreach (var r in records) csv.WriteRecord(r);
    return path;
}
var householdsCsv = Write("households", HouseholdCsv.AllColumns, g.Households(households, sites));
var employmentCsv = Write("employment", EmploymentRules.CsvHeader, g.Employment(households, sites));
Console.WriteLine($"generated {households:N0} households with facts and their employment in {sw.Elapsed.TotalSeconds:F1} s " +
    $"({new FileInfo(householdsCsv).Length / 1e6:F1} + {new FileInfo(employmentCsv).Length / 1e6:F1} MB)");

await using var service = await ServiceProcess.StartAsync();
// The service's own client gives up after 5 minutes; a million-household import may take longer on a loaded machine.
using var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromMinutes(60) };
await using (var users = Database.CreateDataSource(service.ConnectionString, "programme-bench"))
    http.DefaultRequestHeaders.Authorization = new("Bearer", await RelocationPlanner.Data.Users.UserStore.AddAsync(users, "bench-admin", "admin", "programme-bench", CancellationToken.None));
await using var db = Database.CreateDataSource(new NpgsqlConnectionStringBuilder(service.ConnectionString) { CommandTimeout = 3600 }.ConnectionString, "programme-bench");

// Units: the province, the city, and the 9 banners as a 3 x 3 grid over the generator's box (sites fall in them).
{
    var features = new List<NetTopologySuite.Features.IFeature>();
    var f = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326);
    NetTopologySuite.Geometries.Polygon Box(double x0, double y0, double x1, double y1) => (NetTopologySuite.Geometries.Polygon)f.ToGeometry(new(x0, x1, y0, y1));
    features.Add(GeoJsonIO.Feature(Box(106, 37, 112, 42), [new("code", "15"), new("name", "内蒙古自治区"), new("level", "province")]));
    features.Add(GeoJsonIO.Feature(Box(106, 37, 112, 42), [new("code", "1506"), new("name", "鄂尔多斯市"), new("level", "city"), new("parent_code", "15")]));
    string[] banners = ["150602", "150603", "150621", "150622", "150623", "150624", "150625", "150626", "150627"];
    var (dx, dy) = ((ScaleGenerator.MaxLon - ScaleGenerator.MinLon) / 3, (ScaleGenerator.MaxLat - ScaleGenerator.MinLat) / 3);
    for (var b = 0; b < banners.Length; b++)
    {
        var (x, y) = (ScaleGenerator.MinLon + b % 3 * dx, ScaleGenerator.MinLat + b / 3 * dy);
        features.Add(GeoJsonIO.Feature(Box(x, y, x + dx, y + dy), [new("code", banners[b]), new("name", "旗" + banners[b]), new("level", "county"), new("parent_code", "1506")]));
    }
    await Ok(await http.PostAsync("/api/admin_units/import", new StringContent(GeoJsonIO.ToJson(features), Encoding.UTF8, "application/geo+json")));
    await Ok(await http.PostAsync("/api/sites/import", new StringContent(GeoJsonIO.ToJson(g.Sites(sites)), Encoding.UTF8, "application/geo+json")));
    await using var cmd = db.CreateCommand(SqlResources.Get("bench_settlements.sql", asm));
    Console.WriteLine($"units, {sites:N0} sites, {await cmd.ExecuteNonQueryAsync():N0} settlements");
}
await Ok(await http.PostAsJsonAsync("/api/compliance-policies", new
{
    code = "national-2016",
    region_code = "15",
    valid_from = "2016-01-01",
    valid_to = "2020-12-31",
    max_area_m2_per_person = 25,
    max_self_paid_per_person = 3000,
    max_self_paid_per_household = 10000,
    demolish_within_days = 730,
    min_employed_per_labour_household = 1,
}));

// The registry and employment through the real imports (the compliance projection is built by their triggers).
foreach (var (what, path, url, target) in new[]
{
    ($"import {households:N0} households with facts", householdsCsv, "/api/households/import", 60.0),
    ("import their employment", employmentCsv, "/api/employment/import", 0),
})
{
    sw.Restart();
    await using var file = File.OpenRead(path);
    var content = new StreamContent(file, 1 << 16);
    content.Headers.ContentType = new("text/csv");
    var body = await Ok(await http.PostAsync(url, content));
    Console.WriteLine($"{what}: {sw.Elapsed.TotalSeconds:F1} s {body[..Math.Min(300, body.Length)]}");
    results.Add((what, $"{sw.Elapsed.TotalSeconds:F1} s", "-", target > 0 ? $"<= {target:0} s" : "-", target > 0 ? sw.Elapsed.TotalSeconds <= target : null));
    File.Delete(path);
}

// Site projects through the same code as the endpoints (the Data layer's stores), a transaction per
// site. Not one for all: the ledger's store takes a savepoint per entry, and thousands of
// subtransactions in one transaction make every insert slower than the last.
sw.Restart();
int projects = 0, entries = 0;
await using (var conn = await db.OpenConnectionAsync())
{
    foreach (var p in g.SiteProjects(sites))
    {
        await using var tx = await Database.BeginAsUserAsync(conn, "programme-bench", CancellationToken.None);
        Check((await SiteProjectStore.PutPlanAsync(conn, tx, p.SiteCode, p.Plan, null, CancellationToken.None)).Ok);
        foreach (var (m, d) in p.Milestones) Check((await SiteProjectStore.AddMilestoneAsync(conn, tx, p.SiteCode, m, d, CancellationToken.None)).Ok);
        foreach (var e in p.Expenditures) Check((await SiteProjectStore.AddExpenditureAsync(conn, tx, p.SiteCode, e, CancellationToken.None)).Ok);
        await tx.CommitAsync();
        projects++;
        entries += p.Expenditures.Count;
    }
    await using var analyze = new NpgsqlCommand("ANALYZE", conn);
    await analyze.ExecuteNonQueryAsync();
}
Console.WriteLine($"{projects:N0} site projects with {entries:N0} ledger entries in {sw.Elapsed.TotalSeconds:F1} s");
// A bulk import leaves the compliance projection to the service's background refresh: the reports count once it is done.
sw.Restart();
while (await RelocationPlanner.Data.Jobs.RefreshBacklog.PendingAsync(db, RelocationPlanner.Data.Jobs.RefreshBacklog.Compliance, CancellationToken.None) > 0) await Task.Delay(200);
Console.WriteLine($"background compliance refresh finished {sw.Elapsed.TotalSeconds:F1} s after the site projects");
await using (var counts = db.CreateCommand("SELECT (SELECT count(*) FROM household_compliance) || ' projected households, ' || (SELECT count(*) FROM compliance_sums) || ' daily sums rows, ' || (SELECT count(*) FROM employment) || ' spells of work'"))
    Console.WriteLine(await counts.ExecuteScalarAsync());

// The figures, each beside its peer. Warm runs: the first of four is discarded.
var compliance = await TimeHttp($"/api/reports/compliance?level=county&as_of={AsOf}");
var naiveCompliance = await TimeSql(SqlResources.Get("bench_naive_compliance.sql", asm), DateOnly.Parse(AsOf, inv));
results.Add(("compliance report, county level", Ms(compliance.Times), $"naive SQL {Ms(naiveCompliance.Times)}", "<= 1000 ms", Median(compliance.Times) <= 1000));
Console.WriteLine($"compliance figures agree with the naive count: {Agree(compliance.Body, naiveCompliance.Rows)}");

var progress = await TimeHttp($"/api/reports/site-progress?level=county&as_of={AsOf}");
var naiveProgress = await TimeSql(SqlResources.Get("bench_naive_site_progress.sql", asm), DateOnly.Parse(AsOf, inv));
results.Add(("site-progress report, county level", Ms(progress.Times), $"naive SQL {Ms(naiveProgress.Times)}", "<= 1000 ms", Median(progress.Times) <= 1000));
Console.WriteLine($"site-progress figures agree with the naive count: {Agree(progress.Body, naiveProgress.Rows)}");

foreach (var rule in ComplianceRules.All)
{
    var pages = new List<double>();
    string? after = null;
    for (var page = 0; page < 30; page++)
    {
        var t = Stopwatch.StartNew();
        var r = await http.GetAsync($"/api/reports/compliance/households?rule={rule}&as_of={AsOf}&unit={County}&limit=100" + (after is null ? "" : $"&after={after}"));
        var doc = JsonDocument.Parse(await Ok(r));
        pages.Add(t.Elapsed.TotalMilliseconds);
        after = doc.RootElement.GetProperty("next_after").GetString();
        if (after is null) break;
    }
    var peer = "-";
    if (rule == ComplianceRules.Area)
    {
        var first = await TimeSql(SqlResources.Get("bench_naive_flagged.sql", asm), DateOnly.Parse(AsOf, inv), County, 0);
        var deep = await TimeSql(SqlResources.Get("bench_naive_flagged.sql", asm), DateOnly.Parse(AsOf, inv), County, 2900);
        peer = $"naive SQL + OFFSET: page 1 {Ms(first.Times)}, page 30 {Ms(deep.Times)}";
    }
    pages.Sort();
    results.Add(($"flagged households ({rule}), {pages.Count} pages of 100 in {County}", $"{pages[pages.Count / 2]:F0} / {pages[^1]:F0} ms", peer, "<= 200 ms / page", pages[^1] <= 200));
}

// One household's facts changed: the whole write, its compliance refresh included.
{
    var writes = new List<double>();
    for (var i = 1; i <= 20; i++)
    {
        var code = $"H150621{i * 997:D7}";
        var get = await http.GetAsync($"/api/households/{code}");
        if (!get.IsSuccessStatusCode) continue;
        var req = new HttpRequestMessage(HttpMethod.Patch, $"/api/households/{code}") { Content = JsonContent.Create(new { house_area_m2 = "99.99" }) };
        req.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        var t = Stopwatch.StartNew();
        await Ok(await http.SendAsync(req));
        writes.Add(t.Elapsed.TotalMilliseconds);
    }
    writes.Sort();
    if (writes.Count > 0) results.Add(($"PATCH household facts ({writes.Count} households)", $"{writes[writes.Count / 2]:F0} / {writes[^1]:F0} ms", "-", "-", null));
}

Console.WriteLine();
Console.WriteLine($"load average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}, {Environment.ProcessorCount} cores, as_of {AsOf}");
Console.WriteLine("| step | measured (median / max) | peer in the same run | target | met |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (step, measured, peerText, target, met) in results)
    Console.WriteLine($"| {step} | {measured} | {peerText} | {target} | {(met is null ? "-" : met.Value ? "yes" : "NO")} |");

static string Ms(List<double> times) => $"{Median(times):F0} / {times.Max():F0} ms";

static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

async Task<(List<double> Times, string Body)> TimeHttp(string url)
{
    var times = new List<double>();
    var body = "";
    for (var i = 0; i < 4; i++)
    {
        var t = Stopwatch.StartNew();
        body = await Ok(await http.GetAsync(url));
        if (i > 0) times.Add(t.Elapsed.TotalMilliseconds);
    }
    return (times, body);
}

// The peers are slow: one warm run and two timed.
async Task<(List<double> Times, List<Dictionary<string, object?>> Rows)> TimeSql(string sql, params object[] ps)
{
    var times = new List<double>();
    var rows = new List<Dictionary<string, object?>>();
    for (var i = 0; i < 3; i++)
    {
        rows.Clear();
        var t = Stopwatch.StartNew();
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in ps) cmd.Parameters.AddWithValue(p);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(Enumerable.Range(0, r.FieldCount).ToDictionary(r.GetName, c => r.IsDBNull(c) ? null : r.GetValue(c)));
        if (i > 0) times.Add(t.Elapsed.TotalMilliseconds);
    }
    return (times, rows);
}

// Every count the peer computed equals the report's, unit by unit.
static string Agree(string reportJson, List<Dictionary<string, object?>> peer)
{
    using var doc = JsonDocument.Parse(reportJson);
    var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("unit_code").GetString() ?? "", r => r.Clone());
    var diffs = new List<string>();
    foreach (var p in peer)
    {
        var unit = (string)p["unit_code"]!;
        foreach (var (k, v) in p)
        {
            if (k == "unit_code" || v is null) continue;
            var mine = rows.TryGetValue(unit, out var row) && row.TryGetProperty(k, out var x) ? x.GetDecimal() : 0m;
            if (mine != Convert.ToDecimal(v, CultureInfo.InvariantCulture)) diffs.Add($"{unit}.{k}: report {mine}, peer {v}");
        }
    }
    return diffs.Count == 0 ? $"yes ({peer.Count} units)" : "NO: " + string.Join("; ", diffs.Take(10));
}

static async Task<string> Ok(HttpResponseMessage r)
{
    var text = await r.Content.ReadAsStringAsync();
    if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)r.StatusCode} {r.RequestMessage?.RequestUri}: {text[..Math.Min(2000, text.Length)]}");
    return text;
}

static void Check(bool ok)
{
    if (!ok) throw new InvalidOperationException("A generated site project was refused.");
}
