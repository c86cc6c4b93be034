using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Hits read and write endpoints of a running service concurrently for a bounded time, then checks
// that every acknowledged write is stored (no lost writes) and prints requests/s and percentiles.
//   rp-load --url http://127.0.0.1:5080[,http://127.0.0.1:5081] --token rp_... [--duration 60] [--concurrency 8] [--mix edit|officers]
// Several URLs (instances) are shared round-robin among the workers. The mixes: edit (site and road
// edits beside OGC reads) and officers (county officers: tiles, OGC items, reports, household pages,
// a few writes). Loopback only: the tool refuses any other host.

var opts = Args.Parse(args);
var baseUris = (opts.Get("--url") ?? "http://127.0.0.1:5080").Split(',').Select(u => new Uri(u)).ToArray();
var baseUri = baseUris[0];
if (baseUris.Any(u => !u.IsLoopback)) { Console.Error.WriteLine("rp-load: only loopback URLs are allowed."); return 2; }
var officers = (opts.Get("--mix") ?? "edit") switch
{
    "edit" => false,
    "officers" => true,
    var m => throw new ArgumentException($"--mix is edit or officers, not {m}"),
};
var token = opts.Get("--token") ?? Environment.GetEnvironmentVariable("RP_BENCH_TOKEN");
if (string.IsNullOrEmpty(token)) { Console.Error.WriteLine("rp-load: give --token (planner+engineer rights: use an admin token) or RP_BENCH_TOKEN."); return 2; }
var duration = TimeSpan.FromSeconds(int.Parse(opts.Get("--duration") ?? "60", CultureInfo.InvariantCulture));
var concurrency = int.Parse(opts.Get("--concurrency") ?? "8", CultureInfo.InvariantCulture);
var run = "L" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

var clients = baseUris.Select(u =>
{
    var c = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = u, Timeout = TimeSpan.FromSeconds(30) };
    c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return c;
}).ToArray();
var http = clients[0];

var stats = new ConcurrentDictionary<string, ConcurrentBag<double>>();
var statuses = new ConcurrentDictionary<int, int>();
var errors = 0;
// Answers per instance (workers share the URLs round-robin): CPU per request of each instance.
var perUrl = new int[baseUris.Length];
var sites = new ConcurrentDictionary<string, (long Id, int Version)>();
var roads = new ConcurrentDictionary<string, long>();
var stop = DateTime.UtcNow + duration;
Console.WriteLine($"rp-load: {baseUri} for {duration.TotalSeconds:0} s with {concurrency} workers (run {run})");

var wall = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => Worker(w))));
wall.Stop();

async Task Worker(int w)
{
    var rnd = new Random(w * 7919 + 17);
    var mine = new List<string>();
    var n = 0;
    var http = clients[w % clients.Length];
    string? householdsAfter = null;
    while (DateTime.UtcNow < stop)
    {
        n++;
        var pick = rnd.Next(100);
        try
        {
            if (officers)
            {
                if (pick < 30) await Call("officer: tile", () => http.GetAsync(Tile(rnd)));
                else if (pick < 55)
                {
                    var lon = 107 + rnd.NextDouble() * 4; var lat = 37.8 + rnd.NextDouble() * 2.8;
                    var collection = pick < 45 ? "sites" : "roads";
                    await Call("officer: OGC items", () => http.GetAsync(FormattableString.Invariant($"/ogc/collections/{collection}/items?bbox={lon:0.###},{lat:0.###},{lon + 0.3:0.###},{lat + 0.3:0.###}&limit=100")));
                }
                else if (pick < 70) await Call("officer: report", () => http.GetAsync(Reports[rnd.Next(Reports.Length)]));
                else if (pick < 92)
                {
                    var r = await Call("officer: households", () => http.GetAsync("/api/households?limit=50" + (householdsAfter is null ? "" : "&after=" + Uri.EscapeDataString(householdsAfter))));
                    if (r?.StatusCode == HttpStatusCode.OK)
                    {
                        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                        householdsAfter = doc.RootElement.GetProperty("next_after").GetString();
                    }
                }
                else
                {
                    var code = $"{run}-{w}-{n}";
                    var r = await Call("officer: write site", () => http.PostAsync("/api/sites", Json(Site(code, rnd))));
                    if (r?.StatusCode == HttpStatusCode.Created)
                    {
                        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                        sites[code] = (doc.RootElement.GetProperty("id").GetInt64(), 1);
                    }
                }
                Interlocked.Increment(ref perUrl[w % clients.Length]);
                continue;
            }
            if (pick < 35)
            {
                var lon = 107.5 + rnd.NextDouble() * 2; var lat = 38 + rnd.NextDouble() * 1.5;
                await Call("read: sites bbox", () => http.GetAsync(FormattableString.Invariant($"/ogc/collections/sites/items?bbox={lon:0.###},{lat:0.###},{lon + 0.5:0.###},{lat + 0.5:0.###}&limit=100")));
            }
            else if (pick < 50) await Call("read: roads page", () => http.GetAsync("/ogc/collections/roads/items?limit=50"));
            else if (pick < 60 && !sites.IsEmpty)
            {
                var any = sites.Values.ElementAt(rnd.Next(Math.Min(sites.Count, 500)));
                await Call("read: one item", () => http.GetAsync($"/ogc/collections/sites/items/{any.Id}"));
            }
            else if (pick < 65) await Call("read: collections", () => http.GetAsync("/ogc/collections"));
            else if (pick < 82)
            {
                var code = $"{run}-{w}-{n}";
                var r = await Call("write: create site", () => http.PostAsync("/api/sites", Json(Site(code, rnd))));
                if (r?.StatusCode == HttpStatusCode.Created)
                {
                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    sites[code] = (doc.RootElement.GetProperty("id").GetInt64(), 1);
                    mine.Add(code);
                }
            }
            else if (pick < 94 && mine.Count > 0)
            {
                var code = mine[rnd.Next(mine.Count)];
                var (id, version) = sites[code];
                var req = new HttpRequestMessage(HttpMethod.Put, $"/api/sites/{id}") { Content = Json(Site(code, rnd)) };
                req.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"v{version}\""));
                var r = await Call("write: replace site", () => http.SendAsync(req));
                if (r?.StatusCode == HttpStatusCode.OK) sites[code] = (id, version + 1);
            }
            else
            {
                var code = $"{run}-r{w}-{n}";
                var r = await Call("write: create road", () => http.PostAsync("/api/roads", Json(Road(code, rnd))));
                if (r?.StatusCode == HttpStatusCode.Created)
                {
                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    roads[code] = doc.RootElement.GetProperty("id").GetInt64();
                }
            }
            Interlocked.Increment(ref perUrl[w % clients.Length]);
        }
        catch (HttpRequestException) { Interlocked.Increment(ref errors); }
        catch (TaskCanceledException) { Interlocked.Increment(ref errors); }
    }
}

async Task<HttpResponseMessage?> Call(string name, Func<Task<HttpResponseMessage>> send)
{
    var sw = Stopwatch.StartNew();
    var r = await send();
    var body = await r.Content.ReadAsByteArrayAsync();
    sw.Stop();
    stats.GetOrAdd(name, _ => []).Add(sw.Elapsed.TotalMilliseconds);
    statuses.AddOrUpdate((int)r.StatusCode, 1, (_, c) => c + 1);
    if ((int)r.StatusCode >= 400) Console.Error.WriteLine($"  {name}: {(int)r.StatusCode} {Encoding.UTF8.GetString(body, 0, Math.Min(200, body.Length))}");
    r.Content = new ByteArrayContent(body);
    return r;
}

// No lost writes: every acknowledged site is stored with the acknowledged version, every road exists.
var lost = 0;
await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (kv, ct) =>
{
    var r = await http.GetAsync($"/ogc/collections/sites/items/{kv.Value.Id}", ct);
    if (r.StatusCode != HttpStatusCode.OK || r.Headers.ETag?.Tag != $"\"v{kv.Value.Version}\"") Interlocked.Increment(ref lost);
});
await Parallel.ForEachAsync(roads, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (kv, ct) =>
{
    var r = await http.GetAsync($"/ogc/collections/roads/items/{kv.Value}", ct);
    if (r.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref lost);
});

var all = stats.Values.SelectMany(b => b).Order().ToArray();
Console.WriteLine();
Console.WriteLine($"{"endpoint",-22} {"requests",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
foreach (var (name, bag) in stats.OrderBy(k => k.Key))
{
    var xs = bag.Order().ToArray();
    Console.WriteLine($"{name,-22} {xs.Length,9} {P(xs, 50),8:0.0} {P(xs, 95),8:0.0} {P(xs, 99),8:0.0}");
}
Console.WriteLine($"{"all",-22} {all.Length,9} {P(all, 50),8:0.0} {P(all, 95),8:0.0} {P(all, 99),8:0.0}");
Console.WriteLine();
var fiveHundreds = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
Console.WriteLine($"requests/s: {all.Length / wall.Elapsed.TotalSeconds:0.0} over {wall.Elapsed.TotalSeconds:0.0} s, {concurrency} workers");
Console.WriteLine($"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}; transport errors: {errors}");
Console.WriteLine($"writes acknowledged: {sites.Count} sites created, {sites.Values.Sum(v => v.Version - 1)} site replacements, {roads.Count} roads; lost: {lost}");
Console.WriteLine($"5xx: {fiveHundreds}");
// One line for scripts (tools/bench/cluster): requests answered, seconds of load, answers per --url.
Console.WriteLine(FormattableString.Invariant($"load-summary: requests={all.Length} seconds={wall.Elapsed.TotalSeconds:0.00} p50={P(all, 50):0.0} p95={P(all, 95):0.0} p99={P(all, 99):0.0} errors={errors + statuses.Where(s => s.Key >= 400).Sum(s => s.Value)} per_url={string.Join(',', perUrl)}"));
return fiveHundreds == 0 && lost == 0 && errors == 0 ? 0 : 1;

static double P(double[] sorted, int pct) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(pct / 100.0 * sorted.Length) - 1)];

// A tile at zoom 8-11 inside the generated data's extent (106.7-111.5 E, 37.6-40.9 N).
static string Tile(Random rnd)
{
    var z = 8 + rnd.Next(4);
    var lon = 106.7 + rnd.NextDouble() * 4.8; var lat = 37.6 + rnd.NextDouble() * 3.3;
    var n = 1 << z;
    var x = (int)((lon + 180) / 360 * n);
    var y = (int)((1 - Math.Log(Math.Tan(lat * Math.PI / 180) + 1 / Math.Cos(lat * Math.PI / 180)) / Math.PI) / 2 * n);
    var layer = rnd.Next(3) switch { 0 => "roads", 1 => "sites", _ => "admin_units" };
    return FormattableString.Invariant($"/tiles/{layer}/{z}/{x}/{y}.pbf");
}

static StringContent Json(string s) => new(s, Encoding.UTF8, "application/geo+json");

static string Site(string code, Random rnd)
{
    var lon = 107.6 + rnd.NextDouble() * 1.8; var lat = 38.1 + rnd.NextDouble() * 1.2;
    return FormattableString.Invariant($$$"""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[{{{lon}}},{{{lat}}}],[{{{lon + 0.004}}},{{{lat}}}],[{{{lon + 0.004}}},{{{lat + 0.003}}}],[{{{lon}}},{{{lat + 0.003}}}],[{{{lon}}},{{{lat}}}]]]},"properties":{"code":"{{{code}}}","name":"负载测试安置点","site_type":"centralized","capacity_households":{{{rnd.Next(10, 200)}}}}}""");
}

static string Road(string code, Random rnd)
{
    var lon = 107.6 + rnd.NextDouble() * 1.8; var lat = 38.1 + rnd.NextDouble() * 1.2;
    return FormattableString.Invariant($$$"""{"type":"Feature","geometry":{"type":"LineString","coordinates":[[{{{lon}}},{{{lat}}}],[{{{lon + 0.02}}},{{{lat + 0.01}}}],[{{{lon + 0.05}}},{{{lat + 0.012}}}]]},"properties":{"code":"{{{code}}}","road_class":"village","status":"completed"}}""");
}

/// <summary>--name value pairs.</summary>
sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] a)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i + 1 < a.Length; i += 2) d[a[i]] = a[i + 1];
        return new Args(d);
    }

    public string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
}

partial class Program
{
    /// <summary>The county reports officers open (tolerating a standby's lag).</summary>
    static readonly string[] Reports =
    [
        "/api/reports/infrastructure?level=county",
        "/api/reports/settled-rates?level=county",
        "/api/reports/subsidies?level=county",
        "/api/reports/site-progress?level=county",
    ];
}
