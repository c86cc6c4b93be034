// National scale benchmark (driven by tools/bench/national/run): imports the files of
// `rp generate --national` through the service's import endpoints, one file after another, and
// prints per file the time, rows/s, the service's peak RSS during it and PostgreSQL's size after
// it; then times every county-level report and the household list's pages, nationally and for the
// first and the last province (and the last county of each: the far end of the code order), each
// beside its target. Not a test.
//   NationalBench import DIR          (env RP_BENCH_API, RP_BENCH_TOKEN, RP_BENCH_PID, RP_BENCH_DB)
//   NationalBench reports [PROVINCE...]  (the same environment; the first and last province by default;
//                                     RP_BENCH_ONLY=TEXT times only the requests whose URL contains TEXT)
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

var inv = CultureInfo.InvariantCulture;
string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set.");
using var http = new HttpClient { BaseAddress = new Uri(Env("RP_BENCH_API")), Timeout = TimeSpan.FromHours(3) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Env("RP_BENCH_TOKEN"));
var pid = int.Parse(Env("RP_BENCH_PID"), inv);
await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PgUrl(Env("RP_BENCH_DB"))) { CommandTimeout = 3600 }.ConnectionString);

return args switch
{
    ["import", var dir] => await ImportAsync(dir),
    ["reports", .. var rest] => await ReportsAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: NationalBench import DIR | reports [PROVINCE...]");
    return 2;
}

async Task<int> ImportAsync(string dir)
{
    Console.WriteLine($"| {"file",-28} | {"rows",10} | {"time s",8} | {"rows/s",8} | {"service peak RSS MB",19} | {"PostgreSQL MB",13} | load average |");
    Console.WriteLine($"|{new string('-', 30)}|{new string('-', 12)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 21)}|{new string('-', 15)}|--------------|");
    var total = Stopwatch.StartNew();
    foreach (var (file, url, type) in new[]
    {
        ("admin_units.geojson", "/api/admin_units/import?background=false", "application/geo+json"),
        ("settlements.geojson", "/api/settlements/import?background=false", "application/geo+json"),
        ("sites.geojson", "/api/sites/import?background=false", "application/geo+json"),
        ("roads.geojson", "/api/roads/import?background=false", "application/geo+json"),
        ("power_lines.geojson", "/api/power_lines/import?background=false", "application/geo+json"),
        ("wells.geojson", "/api/wells/import?background=false", "application/geo+json"),
        ("subsidy_policies.jsonl", "/api/subsidy-policies", "application/json"),
        ("compliance_policies.jsonl", "/api/compliance-policies", "application/json"),
        ("households.csv", "/api/households/import", "text/csv"),
        ("employment.csv", "/api/employment/import", "text/csv"),
        ("payments.csv", "/api/disbursements/import", "text/csv"),
        ("site_projects.jsonl", "", "application/json"),
    })
    {
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) continue;
        ResetPeak();
        var sw = Stopwatch.StartNew();
        long rows;
        if (file == "site_projects.jsonl") rows = await SiteProjectsAsync(path);
        else if (file.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            rows = 0;
            foreach (var line in File.ReadLines(path)) { await Ok(await http.PostAsync(url, new StringContent(line, Encoding.UTF8, type))); rows++; }
        }
        else
        {
            await using var body = File.OpenRead(path);
            var content = new StreamContent(body, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            rows = ImportedRows(await Ok(await http.PostAsync(url, content)));
        }
        var s = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"| {file,-28} | {rows,10:N0} | {s,8:F1} | {rows / s,8:N0} | {PeakMb(),19:N0} | {await DbMbAsync(),13:N0} | {Load()} |");
    }
    // Bulk imports leave the clipping into unit parts and the compliance projection to the service's background refresh.
    ResetPeak();
    var wait = Stopwatch.StartNew();
    long queued;
    while ((queued = await ScalarAsync<long>("SELECT count(*) FROM refresh_backlog")) > 0) await Task.Delay(1000);
    Console.WriteLine($"| {"background refresh (drain)",-28} | {"",10} | {wait.Elapsed.TotalSeconds,8:F1} | {"",8} | {PeakMb(),19:N0} | {await DbMbAsync(),13:N0} | {Load()} |");
    await using (var analyze = db.CreateCommand("ANALYZE")) await analyze.ExecuteNonQueryAsync();
    Console.WriteLine($"all imports and the refresh: {total.Elapsed.TotalMinutes:F1} min; database {await DbMbAsync():N0} MB");
    foreach (var t in new[] { "admin_units", "households", "milestones", "disbursements", "sites", "roads", "infra_unit_parts", "household_compliance", "history" })
        Console.WriteLine($"  {t}: {await ScalarAsync<long>($"SELECT count(*) FROM {t}"),12:N0} rows, {await ScalarAsync<long>($"SELECT pg_total_relation_size('{t}') / 1048576"),6:N0} MB");
    return 0;
}

// A site's plan, milestones and expenditures as the officer's client sends them: one request each,
// four sites at a time. What a site already has is not sent again (a site's requests go in order,
// so a run stopped part way resumes where each site stopped: --append with the same file).
async Task<long> SiteProjectsAsync(string path)
{
    var stored = new Dictionary<string, (bool Plan, int Milestones, int Expenditures)>();
    await using (var cmd = db.CreateCommand("""
        SELECT s.code, EXISTS (SELECT 1 FROM site_plans p WHERE p.site_id = s.id),
               (SELECT count(*) FROM site_milestones m WHERE m.site_id = s.id)::int, (SELECT count(*) FROM site_expenditures e WHERE e.site_id = s.id)::int
        FROM sites s WHERE s.site_type = 'centralized' AND (EXISTS (SELECT 1 FROM site_plans p WHERE p.site_id = s.id)
                                                       OR EXISTS (SELECT 1 FROM site_milestones m WHERE m.site_id = s.id))
        """))
    await using (var r = await cmd.ExecuteReaderAsync())
        while (await r.ReadAsync()) stored[r.GetString(0)] = (r.GetBoolean(1), r.GetInt32(2), r.GetInt32(3));
    if (stored.Count > 0) Console.WriteLine($"  {stored.Count:N0} sites have a plan or milestones already: only what they lack is sent");
    long requests = 0;
    await Parallel.ForEachAsync(File.ReadLines(path), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (line, ct) =>
    {
        using var doc = JsonDocument.Parse(line);
        var o = doc.RootElement;
        var code = o.GetProperty("site_code").GetString()!;
        var (hasPlan, milestones, expenditures) = stored.GetValueOrDefault(code);
        var site = Uri.EscapeDataString(code);
        long sent = 0;
        if (!hasPlan) { await Ok(await http.PutAsync($"/api/sites/{site}/plan", Json(o.GetProperty("plan")), ct)); sent++; }
        foreach (var m in o.GetProperty("milestones").EnumerateArray().Skip(milestones)) { await Ok(await http.PostAsync($"/api/sites/{site}/milestones", Json(m), ct)); sent++; }
        foreach (var e in o.GetProperty("expenditures").EnumerateArray().Skip(expenditures)) { await Ok(await http.PostAsync($"/api/sites/{site}/expenditures", Json(e), ct)); sent++; }
        Interlocked.Add(ref requests, sent);
    });
    return requests;
}

async Task<int> ReportsAsync(string[] provinces)
{
    const string AsOf = "2019-06-30";
    // The figures count once the background refresh of the bulk imports is done (RP_BENCH_NO_WAIT=1:
    // time them while it runs, and say how much is still queued).
    var wait = Stopwatch.StartNew();
    while (Environment.GetEnvironmentVariable("RP_BENCH_NO_WAIT") != "1" && await ScalarAsync<long>("SELECT count(*) FROM refresh_backlog") > 0) await Task.Delay(1000);
    var queued = await ScalarAsync<long>("SELECT coalesce(sum(cardinality(ids)), 0) FROM refresh_backlog");
    if (queued > 0) Console.WriteLine($"measured while the background refresh still had {queued:N0} rows queued");
    if (wait.Elapsed.TotalSeconds > 2) Console.WriteLine($"waited {wait.Elapsed.TotalSeconds:F0} s for the background refresh");
    if (provinces.Length == 0)
        provinces = [await ScalarAsync<string>("SELECT min(code) FROM admin_units WHERE level = 'province'"),
                     await ScalarAsync<string>("SELECT max(code) FROM admin_units WHERE level = 'province'")];
    var households = await ScalarAsync<long>("SELECT count(*) FROM households");
    // Deep keyset pages: the code nine tenths of the way through each listing.
    async Task<string> Deep(string where) => await ScalarAsync<string>(
        $"SELECT code FROM households h WHERE {where} ORDER BY code OFFSET (SELECT (count(*) * 0.9)::bigint FROM households h WHERE {where}) LIMIT 1");
    var deepAll = await Deep("true");
    Console.WriteLine($"{households:N0} households; provinces {string.Join(", ", provinces)}; as of {AsOf}; load average {Load()}");
    Console.WriteLine($"| {"request",-74} | {"median / max ms",15} | {"target",9} | met |");
    Console.WriteLine($"|{new string('-', 76)}|{new string('-', 17)}|{new string('-', 11)}|-----|");
    var failed = 0;
    // The national series is one county's (the first province's last), as the province's is the province's.
    var seriesCounty = await ScalarAsync<string>($"SELECT max(code) FROM admin_units WHERE level = 'county' AND code LIKE '{provinces[0]}%'");
    foreach (var report in Reports("", seriesCounty))
        failed += await TimeAsync("national", report, 1000);
    failed += await TimeAsync("national", "/api/reports/infrastructure?level=county", 1000);
    failed += await TimeAsync("national", "/api/reports/infrastructure/progress?level=county", 1000);
    foreach (var page in new[]
    {
        "/api/households?limit=50", $"/api/households?limit=50&after={deepAll}",
        "/api/households?limit=50&status=moved_in", $"/api/households?limit=50&status=moved_in&after={deepAll}",
        "/api/households?limit=50&flag=area", $"/api/households?limit=50&flag=area&after={deepAll}",
    })
        failed += await TimeAsync("national", page, 200);
    foreach (var province in provinces)
    {
        // The province's last county: the far end of the code order, where a walk from the start costs most.
        var county = await ScalarAsync<string>($"SELECT max(code) FROM admin_units WHERE level = 'county' AND code LIKE '{province}%'");
        var deepProvince = await Deep($"unit_code LIKE '{province}%'");
        var deepCounty = await Deep($"unit_code LIKE '{county}%'");
        // Searches as an officer types them: one household's whole name and code, a county's code
        // prefix, and the last two characters of the name (a common given name: many matches).
        var sampleCode = await ScalarAsync<string>($"SELECT min(code) FROM households WHERE unit_code LIKE '{county}%'");
        var sampleName = await ScalarAsync<string>($"SELECT head_name FROM households WHERE code = '{sampleCode}'");
        var given = Uri.EscapeDataString(sampleName[^2..]);
        var name = Uri.EscapeDataString(sampleName);
        Console.WriteLine($"| province {province}, county {county}; searches: {sampleName}, {sampleCode} | | | |");
        foreach (var report in Reports($"&unit={province}", county))
            failed += await TimeAsync($"province {province}", report, 1000);
        foreach (var (scope, page) in new[]
        {
            ($"province {province}", $"/api/households?limit=50&unit={province}"),
            ($"province {province}", $"/api/households?limit=50&unit={province}&after={deepProvince}"),
            ($"province {province}", $"/api/households?limit=50&unit={province}&status=moved_in&after={deepProvince}"),
            ($"province {province}", $"/api/households?limit=50&unit={province}&flag=area"),
            ($"county {county}", $"/api/households?limit=50&unit={county}"),
            ($"county {county}", $"/api/households?limit=50&unit={county}&after={deepCounty}"),
            ($"county {county}", $"/api/households?limit=50&unit={county}&status=moved_in"),
            ($"county {county}", $"/api/reports/compliance/households?rule=area&as_of={AsOf}&unit={county}&limit=50"),
            ("national", $"/api/households?limit=50&q={name}"),
            ("national", $"/api/households?limit=50&q={sampleCode}"),
            ("national", $"/api/households?limit=50&q=H{county}"),
            ("national", $"/api/households?limit=50&q={given}"),
            ($"province {province}", $"/api/households?limit=50&unit={province}&q={name}"),
            ($"province {province}", $"/api/households?limit=50&unit={province}&q={given}"),
            ($"county {county}", $"/api/households?limit=50&unit={county}&q={name}"),
            ($"county {county}", $"/api/households?limit=50&unit={county}&q={given}"),
        })
            failed += await TimeAsync(scope, page, 200);
    }
    Console.WriteLine($"load average after: {Load()}; {failed} over target");
    return 0;

    // Every county-level report, for the nation (unit "") or one province; monthly completions take
    // a unit of the level asked for, so a province's figure is its county's.
    static string[] Reports(string unit, string county) =>
    [
        $"/api/reports/settled-rates?level=county&as_of={AsOf}{unit}",
        $"/api/reports/subsidies?level=county&as_of={AsOf}{unit}",
        $"/api/reports/compliance?level=county&as_of={AsOf}{unit}",
        $"/api/reports/site-progress?level=county&as_of={AsOf}{unit}",
        unit == "" ? "/api/reports/infrastructure/monthly?level=county&from=2016-01&to=2019-12"
            : $"/api/reports/infrastructure/monthly?level=county&from=2016-01&to=2019-12&unit={county}",
        $"/api/reports/settled-rates/series?unit={(unit == "" ? county : unit[6..])}&from=2016-01-01&to=2019-06-30",
    ];
}

// Four runs, the first warms caches; median and max of the other three. RP_BENCH_ONLY=TEXT: only URLs containing TEXT.
async Task<int> TimeAsync(string scope, string url, double targetMs)
{
    if (Environment.GetEnvironmentVariable("RP_BENCH_ONLY") is { Length: > 0 } only && !url.Contains(only, StringComparison.Ordinal)) return 0;
    var times = new List<double>();
    for (var i = 0; i < 4; i++)
    {
        var sw = Stopwatch.StartNew();
        var r = await http.GetAsync(url);
        if (!r.IsSuccessStatusCode)
        {
            // A refusal is a defect of this benchmark or the service: counted as failed, the rest still measured.
            Console.WriteLine($"| {scope}: {url} | {(int)r.StatusCode} {(await r.Content.ReadAsStringAsync())[..100]} | | NO |");
            return 1;
        }
        await r.Content.ReadAsByteArrayAsync();
        if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    var met = times[1] <= targetMs;
    var label = $"{scope}: {Uri.UnescapeDataString(url)}";
    Console.WriteLine($"| {(label.Length > 74 ? label[..74] : label),-74} | {$"{times[1]:F0} / {times[^1]:F0}",15} | {$"<= {targetMs:0}",9} | {(met ? "yes" : "NO"),-3} |");
    return met ? 0 : 1;
}

static StringContent Json(JsonElement e) => new(e.GetRawText(), Encoding.UTF8, "application/json");

static async Task<string> Ok(HttpResponseMessage r)
{
    var text = await r.Content.ReadAsStringAsync();
    if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {text[..Math.Min(2000, text.Length)]}");
    return text;
}

// The imports answer with the count they stored ("imported" for features, "households"/"imported" for CSVs).
static long ImportedRows(string body)
{
    using var doc = JsonDocument.Parse(body);
    foreach (var name in new[] { "imported", "households", "rows", "count" })
        if (doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number) return v.GetInt64();
    throw new InvalidOperationException("No row count in the import's answer: " + body[..Math.Min(500, body.Length)]);
}

// Peak RSS since the last reset (VmHWM; writing 5 to clear_refs resets it, Linux 4.0+).
void ResetPeak() => File.WriteAllText($"/proc/{pid}/clear_refs", "5");
long PeakMb() => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).Single();
static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
async Task<long> DbMbAsync() => await ScalarAsync<long>("SELECT pg_database_size(current_database()) / 1048576");

async Task<T> ScalarAsync<T>(string sql)
{
    await using var cmd = db.CreateCommand(sql);
    return (T)(await cmd.ExecuteScalarAsync())!;
}

// postgresql://user:password@host:port/db as Npgsql's key=value form.
static string PgUrl(string url)
{
    var u = new Uri(url);
    var userInfo = u.UserInfo.Split(':', 2);
    return new NpgsqlConnectionStringBuilder
    {
        Host = u.Host,
        Port = u.Port,
        Database = u.AbsolutePath.TrimStart('/'),
        Username = Uri.UnescapeDataString(userInfo[0]),
        Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
    }.ConnectionString;
}
