using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using RelocationPlanner.Api.Ogc;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Tiles;

namespace RelocationPlanner.Api.Tiles;

/// <summary>
/// What the pre-builder last did for one collection (GET /tiles/prebuilt). <see cref="Rebuild"/> is
/// "full" (every tile built) or "partial" (only the tiles a small change touched were built,
/// <see cref="CarriedOver"/> taken unchanged from the previous version); <see cref="Reason"/> says why
/// a rebuild after a change was full; <see cref="ChangedRows"/> counts the history rows read.
/// </summary>
public sealed record PrebuildStatus(string Collection, long Version, string State, int Tiles, int MinZoom, int MaxZoom, double Seconds,
    IReadOnlyList<PrebuildZoom> Zooms, DateTimeOffset At,
    string Rebuild = "full", int Rebuilt = 0, int CarriedOver = 0, int ChangedRows = 0, string? Reason = null);

/// <summary>Build times of one zoom's pre-built tiles, milliseconds (the cold cost a reader no longer pays).</summary>
public sealed record PrebuildZoom(int Z, int Tiles, double P50Ms, double P95Ms, double MaxMs, double AvgKb);

/// <summary>
/// Builds the small-scale tiles (RP_TILE_PREBUILD_MIN_ZOOM, default 6 — the map shows the line layers
/// from z6 — to RP_TILE_PREBUILD_MAX_ZOOM, default 10) of the big line
/// collections (RP_TILE_PREBUILD_COLLECTIONS, default roads,power_lines) over their data extent
/// into the <see cref="TileCache"/> at start and again whenever a collection's data version moves
/// (checked every RP_TILE_PREBUILD_SECONDS, default 5; 0 turns it off). A z8 tile of 200k roads
/// takes PostGIS a few hundred ms; built ahead, a reader gets it from memory. Runs in every
/// service process (the cache is per process), not as a shared background job. Builds two tiles at a
/// time; at most RP_TILE_PREBUILD_MAX_TILES (default 2000) per collection, stopping at the last
/// zoom that fits.
/// After a small change (at most RP_TILE_PREBUILD_PARTIAL_MAX_ROWS history rows, default 300, none
/// a bulk insert; 0 turns partial rebuilds off) only the tiles whose buffered bounds meet the old or
/// new bounds of a changed geometry are built again; the others are carried over to the new version.
/// </summary>
public sealed class TilePrebuilder(NpgsqlDataSource db, TileCache cache, CollectionExtents extents, IConfiguration config, ILogger<TilePrebuilder> log) : BackgroundService
{
    /// <summary>A complete pre-built set: the mark it was built for and its tiles (pinned under the mark's version).</summary>
    sealed record BuiltSet(TileMark Mark, HashSet<(int Z, int X, int Y)> Tiles);

    /// <summary>
    /// How far beyond its edges (in tile widths) a change still counts as touching a tile: tile.sql
    /// selects rows by the envelope with a 0.02 margin and clips at a 64/4096 buffer; 0.05 is wider
    /// than both, so a carried-over tile can only miss a change that cannot be in it.
    /// </summary>
    public const double TouchMargin = 0.05;

    readonly ConcurrentDictionary<string, PrebuildStatus> _status = new();
    readonly ConcurrentDictionary<string, BuiltSet> _built = new();

    public IReadOnlyList<PrebuildStatus> Status => [.. _status.Values.OrderBy(s => s.Collection, StringComparer.Ordinal)];

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        int seconds = config.GetValue("RP_TILE_PREBUILD_SECONDS", 5);
        if (seconds <= 0) return;
        int minZoom = Math.Clamp(config.GetValue("RP_TILE_PREBUILD_MIN_ZOOM", 6), 0, 14);
        int maxZoom = Math.Clamp(config.GetValue("RP_TILE_PREBUILD_MAX_ZOOM", 10), minZoom, 14);
        int maxTiles = config.GetValue("RP_TILE_PREBUILD_MAX_TILES", 2000);
        int maxRows = config.GetValue("RP_TILE_PREBUILD_PARTIAL_MAX_ROWS", 300);
        var collections = (config["RP_TILE_PREBUILD_COLLECTIONS"] ?? "roads,power_lines")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Collections.Find).OfType<CollectionSpec>().ToArray();
        while (!stop.IsCancellationRequested)
        {
            foreach (var c in collections)
            {
                try { await EnsureAsync(c, minZoom, maxZoom, maxTiles, maxRows, stop); }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // E.g. the tables do not exist yet while migrations run at start: try again next round.
                    log.LogDebug(e, "Tile pre-build of {Collection} failed; retrying", c.Id);
                }
            }
            try { await Task.Delay(TimeSpan.FromSeconds(seconds), stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    // Why readers never get a stale tile: a reader reads the data version first and asks the cache
    // for that version's key (the ETag is the same version). Under a new version V we pin only
    // (a) tiles built after V's snapshot was read, so their content is V's or newer, and (b) tiles
    // of the previous set that no change between the two marks touches, whose content is therefore
    // the same under V. A tile a change touches is pinned under V only once rebuilt; until then a
    // reader of V builds it from the database as before. The changes come from the history rows
    // between the previous set's mark and V's mark, read in the same snapshot as V itself.
    // A tile of the previous set may hold content newer than its mark (a write during its build);
    // every such write lies after that mark, so the next change read rebuilds the tiles it touches.
    async Task EnsureAsync(CollectionSpec c, int minZoom, int maxZoom, int maxTiles, int maxRows, CancellationToken ct)
    {
        long version = await DataVersions.ReadAsync(db, c.Table, ct);
        if (_status.TryGetValue(c.Id, out var done) && done.Version == version && done.State == "ready") return;
        var clock = Stopwatch.StartNew();
        _built.TryGetValue(c.Id, out var last);
        var changes = await TileChanges.SinceAsync(db, c, last?.Mark, maxRows, ct);
        version = changes.Mark.Version;
        _status[c.Id] = new PrebuildStatus(c.Id, version, "building", 0, minZoom, maxZoom, 0, [], DateTimeOffset.UtcNow);
        var extent = await extents.GetAsync(c, ct);
        var tiles = extent is { } e ? TilesOver((e.MinX, e.MinY, e.MaxX, e.MaxY), minZoom, maxZoom, maxTiles) : [];

        var build = new List<(int Z, int X, int Y)>();
        int carried = 0;
        foreach (var t in tiles)
        {
            if (last is not null && changes.Boxes is { } boxes && last.Tiles.Contains(t) && !Touches(t, boxes)
                && cache.TryGet(new TileKey(c.Id, last.Mark.Version, t.Z, t.X, t.Y), out var same))
            {
                cache.Pin(new TileKey(c.Id, version, t.Z, t.X, t.Y), same);
                carried++;
            }
            else build.Add(t);
        }
        var times = new ConcurrentBag<(int Z, double Ms, int Bytes)>();
        await Parallel.ForEachAsync(build, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (t, token) =>
        {
            var key = new TileKey(c.Id, version, t.Z, t.X, t.Y);
            if (!cache.TryGet(key, out var bytes))
            {
                var sw = Stopwatch.StartNew();
                bytes = await TileQueries.TileAsync(db, c, t.Z, t.X, t.Y, token);
                times.Add((t.Z, sw.Elapsed.TotalMilliseconds, bytes.Length));
            }
            cache.Pin(key, bytes);
        });
        // Complete under this mark: the base of the next partial rebuild (see above on newer content).
        _built[c.Id] = new BuiltSet(changes.Mark, [.. tiles]);
        // A write during the build may be in some tiles but not under this version: build again.
        if (await DataVersions.ReadAsync(db, c.Table, ct) != version) return;
        cache.Unpin(c.Id, version);
        var zooms = times.GroupBy(t => t.Z).OrderBy(g => g.Key).Select(g =>
        {
            var ms = g.Select(t => t.Ms).Order().ToArray();
            return new PrebuildZoom(g.Key, ms.Length, Pct(ms, 0.5), Pct(ms, 0.95), ms[^1], g.Average(t => t.Bytes) / 1024);
        }).ToArray();
        int top = tiles.Count == 0 ? -1 : tiles.Max(t => t.Z);
        string kind = changes.Boxes is null ? "full" : "partial";
        _status[c.Id] = new PrebuildStatus(c.Id, version, "ready", tiles.Count, minZoom, top, clock.Elapsed.TotalSeconds, zooms, DateTimeOffset.UtcNow,
            kind, build.Count, carried, changes.Rows, changes.FullReason);
        log.LogInformation("Pre-built {Tiles} tiles of {Collection} (z{Min}-{Zoom}, version {Version}, {Kind}: {Rebuilt} built, {Carried} carried over) in {Seconds:0.0} s",
            tiles.Count, c.Id, minZoom, top, version, kind, build.Count, carried, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Whether any changed geometry's bounds meet tile z/x/y widened by <see cref="TouchMargin"/>.</summary>
    public static bool Touches((int Z, int X, int Y) t, IReadOnlyList<ChangeBox> boxes)
    {
        var (w, s, e, n) = TileBounds(t.Z, t.X, t.Y, TouchMargin);
        foreach (var b in boxes)
            if (b.MinLon <= e && b.MaxLon >= w && b.MinLat <= n && b.MaxLat >= s) return true;
        return false;
    }

    /// <summary>Lon/lat bounds of an XYZ tile grown by <paramref name="margin"/> tile widths on each side (Web Mercator).</summary>
    public static (double West, double South, double East, double North) TileBounds(int z, int x, int y, double margin)
    {
        double n = 1 << z;
        static double Lat(double fy) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * fy))) * 180 / Math.PI;
        return ((x - margin) / n * 360 - 180, Lat((y + 1 + margin) / n), (x + 1 + margin) / n * 360 - 180, Lat((y - margin) / n));
    }

    static double Pct(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * p) - 1, 0, sorted.Length - 1)];

    /// <summary>The XYZ tiles covering a lon/lat extent from minZoom up to the last zoom where the total stays within maxTiles.</summary>
    public static List<(int Z, int X, int Y)> TilesOver((double MinLon, double MinLat, double MaxLon, double MaxLat) e, int minZoom, int maxZoom, int maxTiles)
    {
        var all = new List<(int, int, int)>();
        for (int z = minZoom; z <= maxZoom; z++)
        {
            var (x0, y0) = TileOf(e.MinLon, e.MaxLat, z);
            var (x1, y1) = TileOf(e.MaxLon, e.MinLat, z);
            if (all.Count + (long)(x1 - x0 + 1) * (y1 - y0 + 1) > maxTiles) break;
            for (int x = x0; x <= x1; x++)
                for (int y = y0; y <= y1; y++) all.Add((z, x, y));
        }
        return all;
    }

    /// <summary>The WebMercatorQuad tile (column, row) holding a lon/lat point at zoom <paramref name="z"/>.</summary>
    internal static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        int n = 1 << z;
        double r = Math.Clamp(lat, -85.0511, 85.0511) * Math.PI / 180;
        int x = (int)Math.Floor((lon + 180) / 360 * n), y = (int)Math.Floor((1 - Math.Asinh(Math.Tan(r)) / Math.PI) / 2 * n);
        return (Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }
}
