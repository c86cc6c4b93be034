using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RelocationPlanner.Api.Ogc;
using RelocationPlanner.Api.Tiles;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Before <c>/health</c> says ready, the service sends itself the reads GIS clients and the map
/// make most, over loopback through the whole pipeline (Kestrel, middleware, auth, handlers,
/// Npgsql): OGC items pages of every collection with CQL2 filters (text and JSON, an enum IN and
/// S_INTERSECTS on a random view of the collection's extent) and a bbox, vector tiles, the
/// collections and the style. Without it the first minute's requests run unoptimised code while
/// the JIT's background compiler takes one of the cores (the p95 of OGC items was 10x the warm
/// one). The rounds go on until a round compiles next to nothing new (the hot methods reached
/// their optimised tier) or RP_WARMUP_SECONDS (default 20; 0: no warm-up) pass. They also open
/// the connection pool's connections. GETs only: nothing is written; tiles and counts land in
/// the memory caches, keyed by data version as any request's.
/// </summary>
sealed class RequestWarmup : BackgroundService
{
    const string Step = "request warm-up";
    /// <summary>
    /// Rounds at least: a method is optimised after 30 calls once the JIT is quiet (twice with
    /// dynamic PGO: instrumented, then optimised); a round calls the items path 14 times.
    /// </summary>
    const int MinRounds = 8;
    /// <summary>Concurrent requests: opens about as many pooled connections as 10 clients use (page and count each).</summary>
    const int Workers = 8;

    readonly IServer server;
    readonly IHostApplicationLifetime lifetime;
    readonly Readiness readiness;
    readonly CollectionExtents extents;
    readonly ILogger<RequestWarmup> log;
    readonly TimeSpan budget;

    public RequestWarmup(IServer server, IHostApplicationLifetime lifetime, Readiness readiness, CollectionExtents extents, IConfiguration config, ILogger<RequestWarmup> log)
    {
        (this.server, this.lifetime, this.readiness, this.extents, this.log) = (server, lifetime, readiness, extents, log);
        budget = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("RP_WARMUP_SECONDS", 20.0), 0, 600));
        readiness.Expect(Step);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            if (budget > TimeSpan.Zero) await WarmAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            log.LogWarning(e, "The request warm-up stopped early; the first requests will be slower");
        }
        readiness.Done(Step);
    }

    async Task WarmAsync(CancellationToken stopping)
    {
        // The server listens once every hosted service has started.
        var listening = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => listening.TrySetResult()))
            await listening.Task.WaitAsync(stopping);
        if (LoopbackAddress() is not { } address)
        {
            log.LogWarning("No plain-HTTP address to warm up through; the first requests will be slower");
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cts.CancelAfter(budget);
        var ct = cts.Token;
        var views = new Dictionary<CollectionSpec, LonLatBox>();
        foreach (var c in Collections.All)
            views[c] = await extents.GetAsync(c, ct) ?? new LonLatBox(73, 18, 135, 54);
        using var http = new HttpClient { BaseAddress = address };
        var clock = Stopwatch.StartNew();
        int rounds = 0, requests = 0, refused = 0;
        long compiled = JitInfo.GetCompiledMethodCount();
        try
        {
            while (true)
            {
                long before = JitInfo.GetCompiledMethodCount();
                var paths = Round(views, rounds);
                await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = ct }, async (path, ct) =>
                {
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
                    await response.Content.CopyToAsync(Stream.Null, ct);
                    Interlocked.Increment(ref requests);
                    if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotModified) Interlocked.Increment(ref refused);
                });
                rounds++;
                // Reads that need a token (RP_OPEN_READS=false) stop at authorization: one round warms that much.
                if (refused == requests) break;
                if (rounds >= MinRounds && JitInfo.GetCompiledMethodCount() - before <= 2) break;
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The budget ran out: ready with what was warmed.
        }
        log.LogInformation("Warm-up: {Requests} requests ({Refused} refused) in {Rounds} rounds, {Seconds:0.0} s, {Methods} methods compiled, {JitMs:0} ms of JIT",
            requests, refused, rounds, clock.Elapsed.TotalSeconds, JitInfo.GetCompiledMethodCount() - compiled, JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    /// <summary>One round's paths: per collection a filtered page (CQL2 text, or JSON on odd rounds) and a bbox page on random views, a tile; the documents on the first round.</summary>
    static List<string> Round(Dictionary<CollectionSpec, LonLatBox> extents, int round)
    {
        var paths = new List<string>();
        if (round == 0) paths.AddRange(["/ogc", "/ogc/collections", "/ogc/collections/roads", "/ogc/collections/roads/queryables", "/api/map/style.json", "/ogc/tiles/WebMercatorQuad/tilejson"]);
        foreach (var (c, extent) in extents)
        {
            var (x0, y0, x1, y1) = View(extent);
            var within = FormattableString.Invariant($"S_INTERSECTS(geometry, BBOX({x0:0.000}, {y0:0.000}, {x1:0.000}, {y1:0.000}))");
            var filter = within;
            var json = "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":" + FormattableString.Invariant($"[{x0:0.000},{y0:0.000},{x1:0.000},{y1:0.000}]") + "}]}";
            if (c.Properties.FirstOrDefault(p => p.Allowed is { Length: > 1 }) is { } e)
            {
                var values = e.Allowed![..(e.Allowed.Length / 2)];
                filter = $"{e.Name} IN ({string.Join(", ", values.Select(v => $"'{v}'"))}) AND {within}";
                json = "{\"op\":\"and\",\"args\":[{\"op\":\"in\",\"args\":[{\"property\":\"" + e.Name + "\"}," + JsonSerializer.Serialize(values) + "]}," + json + "]}";
            }
            paths.Add(round % 2 == 0
                ? $"/ogc/collections/{c.Id}/items?limit=100&filter={Uri.EscapeDataString(filter)}"
                : $"/ogc/collections/{c.Id}/items?limit=100&filter-lang=cql2-json&filter={Uri.EscapeDataString(json)}");
            (x0, y0, x1, y1) = View(extent);
            paths.Add(FormattableString.Invariant($"/ogc/collections/{c.Id}/items?limit=100&bbox={x0:0.000},{y0:0.000},{x1:0.000},{y1:0.000}"));
        }
        var roads = extents.First(e => e.Key.Id == "roads").Value;
        var (lon, lat, _, _) = View(roads);
        var z = 9 + round % 4;
        var (col, row) = TilePrebuilder.TileOf(lon, lat, z);
        paths.Add(round % 2 == 0 ? $"/ogc/tiles/WebMercatorQuad/{z}/{row}/{col}" : $"/tiles/roads/{z}/{col}/{row}.pbf");
        return paths;
    }

    /// <summary>A random view of a twentieth of the extent each way, inside it.</summary>
    static (double X0, double Y0, double X1, double Y1) View(LonLatBox e)
    {
        double w = Math.Max((e.MaxX - e.MinX) / 20, 0.01), h = Math.Max((e.MaxY - e.MinY) / 20, 0.01);
        double x = e.MinX + Random.Shared.NextDouble() * Math.Max(e.MaxX - e.MinX - w, 0), y = e.MinY + Random.Shared.NextDouble() * Math.Max(e.MaxY - e.MinY - h, 0);
        return (x, y, Math.Min(x + w, 180), Math.Min(y + h, 90));
    }

    /// <summary>The service's own plain-HTTP address, a wildcard host taken as loopback; null when it listens on HTTPS only.</summary>
    Uri? LoopbackAddress()
    {
        foreach (var a in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (!a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            var port = a[(a.LastIndexOf(':') + 1)..].TrimEnd('/');
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) continue;
            var host = a["http://".Length..a.LastIndexOf(':')];
            if (host is "0.0.0.0" or "*" or "+" or "[::]") host = "127.0.0.1";
            return new Uri($"http://{host}:{p}/");
        }
        return null;
    }
}
