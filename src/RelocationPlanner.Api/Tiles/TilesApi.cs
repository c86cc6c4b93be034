using RelocationPlanner.Api.Hosting;
using System.Globalization;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Tiles;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Tiles;

/// <summary>
/// Mapbox vector tiles of every collection: GET /tiles/{collection}/{z}/{x}/{y}.pbf. The ETag is the
/// collection's data version, so revalidation costs one primary-key lookup and a 304; built tiles
/// are kept in the <see cref="TileCache"/> keyed by that version (a write makes old entries
/// unreachable), small scales pre-built there by the <see cref="TilePrebuilder"/>.
/// </summary>
public static class TilesApi
{
    /// <summary>The tile cache and the small-scale pre-builder (a hosted service).</summary>
    public static WebApplicationBuilder AddTiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TileCache>();
        builder.Services.AddSingleton<TilePrebuilder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TilePrebuilder>());
        return builder;
    }

    public const int MaxZoom = 22;
    public const string MvtType = "application/vnd.mapbox-vector-tile";

    public static IEndpointRouteBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tiles/{collection}/{z}/{x}/{y}.pbf", Tile).WithName("VectorTile").WithTags("Vector tiles")
            .AnswersBytes(MvtType).Produces(304).Refuses(400, 404);
        // What the pre-builder did: per collection the version, state, tile count and build times per zoom.
        app.MapGet("/tiles/prebuilt", (TilePrebuilder p) => TypedResults.Ok(new PrebuildReport(p.Status)))
            .WithName("TilePrebuildStatus").WithTags("Vector tiles");
        return app;
    }

    static async Task<IResult> Tile(string collection, string z, string x, string y, HttpContext http, ReadDb read, TileCache cache, CancellationToken ct)
    {
        if (Collections.Find(collection) is not { } c)
            return Problem.NotFound($"No collection named {collection}.");
        if (Check(z, x, y) is { } error) return error;
        return await ServeAsync([c], int.Parse(z, CultureInfo.InvariantCulture), long.Parse(x, CultureInfo.InvariantCulture), long.Parse(y, CultureInfo.InvariantCulture), http, read.Db, cache, ct);
    }

    /// <summary>A 400 naming z, x or y when it is not a whole number in range; null when the tile address is good.</summary>
    public static IResult? Check(string z, string x, string y, string zName = "z", string xName = "x", string yName = "y")
    {
        if (!TryParse(z, out var zi) || zi > MaxZoom)
            return Problem.Invalid(zName, Rules.Range, $"{zName} must be a whole number from 0 to {MaxZoom}.");
        var n = 1L << zi;
        if (!TryParse(x, out var xi) || xi >= n)
            return Problem.Invalid(xName, Rules.Range, $"{xName} must be a whole number from 0 to {n - 1} at zoom {zi}.");
        if (!TryParse(y, out var yi) || yi >= n)
            return Problem.Invalid(yName, Rules.Range, $"{yName} must be a whole number from 0 to {n - 1} at zoom {zi}.");
        return null;
    }

    /// <summary>
    /// The MVT of tile z/x/y with one layer per collection (one collection for /tiles and OGC
    /// collection tilesets; all of them for the OGC dataset tileset: MVT layers concatenate).
    /// The ETag is the collections' data versions; each layer comes from the tile cache.
    /// </summary>
    public static async Task<IResult> ServeAsync(IReadOnlyList<CollectionSpec> collections, int z, long x, long y, HttpContext http, NpgsqlDataSource db, TileCache cache, CancellationToken ct)
    {
        var versions = await DataVersions.ReadAsync(db, [.. collections.Select(c => c.Table)], ct);
        var etag = "\"" + string.Join('+', collections.Select(c => $"{c.Id}-{versions[c.Table]}")) + "\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        // Revalidate every use: edits show at once, and an unchanged tile costs a 304.
        headers.CacheControl = "public, no-cache";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);

        var layers = new List<byte[]>(collections.Count);
        foreach (var c in collections)
        {
            var key = new TileKey(c.Id, versions[c.Table], z, x, y);
            if (!cache.TryGet(key, out var bytes))
            {
                bytes = await TileQueries.TileAsync(db, c, z, (int)x, (int)y, ct);
                cache.Add(key, bytes);
            }
            layers.Add(bytes);
        }
        return Results.Bytes(layers.Count == 1 ? layers[0] : [.. layers.SelectMany(b => b)], MvtType);
    }

    static bool TryParse(string s, out int v) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && v >= 0;
}

public sealed record PrebuildReport(IReadOnlyList<PrebuildStatus> Collections);
