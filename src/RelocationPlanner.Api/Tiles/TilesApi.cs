using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Tiles;

namespace RelocationPlanner.Api.Tiles;

/// <summary>
/// Mapbox vector tiles of every collection: GET /tiles/{collection}/{z}/{x}/{y}.pbf. The ETag is the
/// collection's data version, so revalidation costs one primary-key lookup and a 304; built tiles
/// are kept in a bounded memory cache keyed by that version (a write makes old entries unreachable).
/// </summary>
public static class TilesApi
{
    public const int MaxZoom = 22;
    const string MvtType = "application/vnd.mapbox-vector-tile";

    /// <summary>About 64 MB of tiles; entries are sized by their byte length.</summary>
    static readonly MemoryCache Cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    public static IEndpointRouteBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tiles/{collection}/{z}/{x}/{y}.pbf", Tile).WithName("VectorTile").WithTags("Vector tiles")
            .Produces(200, contentType: MvtType).Produces(304);
        return app;
    }

    static async Task<IResult> Tile(string collection, string z, string x, string y, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Collections.Find(collection) is not { } c)
            return Problem.NotFound($"No collection named {collection}.");
        if (!TryParse(z, out var zi) || zi > MaxZoom)
            return Problem.Invalid("z", "range", $"z must be a whole number from 0 to {MaxZoom}.");
        var n = 1L << zi;
        if (!TryParse(x, out var xi) || xi >= n)
            return Problem.Invalid("x", "range", $"x must be a whole number from 0 to {n - 1} at zoom {zi}.");
        if (!TryParse(y, out var yi) || yi >= n)
            return Problem.Invalid("y", "range", $"y must be a whole number from 0 to {n - 1} at zoom {zi}.");

        var version = await TileQueries.VersionAsync(db, c, ct);
        var etag = $"\"{c.Id}-{version}\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        // Revalidate every use: edits show at once, and an unchanged tile costs a 304.
        headers.CacheControl = "public, no-cache";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);

        var key = (c.Id, version, zi, xi, yi);
        if (!Cache.TryGetValue(key, out byte[]? bytes) || bytes is null)
        {
            bytes = await TileQueries.TileAsync(db, c, zi, (int)xi, (int)yi, ct);
            Cache.Set(key, bytes, new MemoryCacheEntryOptions { Size = Math.Max(bytes.Length, 64), SlidingExpiration = TimeSpan.FromMinutes(30) });
        }
        return Results.Bytes(bytes, MvtType);
    }

    static bool TryParse(string s, out int v) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && v >= 0;
}
