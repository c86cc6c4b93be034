using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Features;

namespace RelocationPlanner.Api.Features;

/// <summary>Writes to the spatial collections: create, replace (If-Match), delete, bulk import (all or nothing).</summary>
public static class FeaturesApi
{
    /// <summary>Only the catalogue's collections match, so other /api routes are never shadowed.</summary>
    static readonly string CollectionRoute = CollectionSegment("collection");

    /// <summary>A route segment named <paramref name="name"/> that matches the catalogue's collection ids only.</summary>
    public static string CollectionSegment(string name) => $"{{{name}:regex(^({string.Join('|', Collections.All.Select(c => c.Id))})$)}}";

    /// <summary>A GeoJSON import body may be large; it is bounded all the same.</summary>
    public const long MaxImportBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>GeoJSON nests coordinates a few levels deep; 64 leaves room and stops abuse.</summary>
    const int MaxJsonDepth = 64;

    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        // Who may write is per collection (EntityEditors): sites planners, infrastructure engineers, geography admins.
        var api = app.MapGroup("/api").WithTags("Feature writes").RequireEditorOfRoute("collection");
        api.MapPost($"/{CollectionRoute}", Create).WithName("CreateFeature").ReadsGeoJson().Refuses(404, 409, 422);
        api.MapPut($"/{CollectionRoute}/{{id:long}}", Replace).WithName("ReplaceFeature").ReadsGeoJson().Refuses(404, 409, 412, 422, 428);
        api.MapDelete($"/{CollectionRoute}/{{id:long}}", Delete).WithName("DeleteFeature").Refuses(404, 409, 412);
        api.MapPost($"/{CollectionRoute}/import", Import).WithName("ImportFeatures").DocumentImport()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxImportBytes));
        return app;
    }

    /// <summary>The authenticated caller's name (from the bearer token); history records it for every change.</summary>
    public static string UserOf(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";

    static Task<Results<Created<FeatureWritten>, ProblemHttpResult>> Create(string collection, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        CreateAsync(Collections.Find(collection)!, http, db, null, ct);

    static async Task<Results<Ok<FeatureWritten>, ProblemHttpResult>> Replace(string collection, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        // The map client always sends what it read: /api replaces only with If-Match.
        if (ETag.Parse(http.Request.Headers.IfMatch) is not { } version) return Problem.PreconditionRequired();
        return await ReplaceAsync(Collections.Find(collection)!, id, version, http, db, null, ct);
    }

    static Task<Results<NoContent, ProblemHttpResult>> Delete(string collection, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        DeleteAsync(Collections.Find(collection)!, id, ETag.Parse(http.Request.Headers.IfMatch), http, db, ct);

    /// <summary>
    /// Creates a feature from the request's GeoJSON body: the one create path of /api and of OGC
    /// API Part 4 (same validation, roles by route, history of who did it). Geometries in
    /// <paramref name="crs"/> (an OGC Content-Crs) are moved into storage lon/lat before any rule.
    /// </summary>
    public static async Task<Results<Created<FeatureWritten>, ProblemHttpResult>> CreateAsync(CollectionSpec c, HttpContext http, NpgsqlDataSource db, OgcCrs? crs, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var (feature, errors) = FeatureReader.Read(body.RootElement, c, ToStorage(crs));
        if (feature is null) return Problem.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, UserOf(http), ct);
        var result = await FeatureStore.InsertAsync(conn, tx, c, [feature], ct, fieldPrefix: null);
        if (!result.Ok) return Failure(result);
        await tx.CommitAsync(ct);
        var stored = result.Stored[0];
        http.Response.Headers.ETag = ETag.Of(stored.Version);
        return TypedResults.Created($"/ogc/collections/{c.Id}/items/{stored.Id}", new FeatureWritten(stored.Id, stored.Code, stored.Version, feature.Warnings));
    }

    /// <summary>Replaces feature <paramref name="id"/> with the request's GeoJSON body; a null <paramref name="version"/> replaces whatever is stored.</summary>
    public static async Task<Results<Ok<FeatureWritten>, ProblemHttpResult>> ReplaceAsync(CollectionSpec c, long id, int? version, HttpContext http, NpgsqlDataSource db, OgcCrs? crs, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        return await StoreReplacementAsync(c, id, version, body.RootElement, http, db, crs, ct);
    }

    /// <summary>The replace step shared by PUT (the body) and an OGC PATCH (the stored feature with the merge patch applied).</summary>
    public static async Task<Results<Ok<FeatureWritten>, ProblemHttpResult>> StoreReplacementAsync(CollectionSpec c, long id, int? version, System.Text.Json.JsonElement json, HttpContext http,
        NpgsqlDataSource db, OgcCrs? crs, CancellationToken ct)
    {
        var (feature, errors) = FeatureReader.Read(json, c, ToStorage(crs));
        if (feature is null) return Problem.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, UserOf(http), ct);
        var result = await FeatureStore.UpdateAsync(conn, tx, c, id, version, feature, ct);
        if (!result.Ok) return Failure(result);
        await tx.CommitAsync(ct);
        http.Response.Headers.ETag = ETag.Of(result.Stored[0].Version);
        return TypedResults.Ok(new FeatureWritten(id, result.Stored[0].Code, result.Stored[0].Version, feature.Warnings));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(CollectionSpec c, long id, int? version, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, UserOf(http), ct);
        var result = await FeatureStore.DeleteAsync(conn, tx, c, id, version, ct);
        if (!result.Ok) return Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    static Func<NetTopologySuite.Geometries.Geometry, NetTopologySuite.Geometries.Geometry>? ToStorage(OgcCrs? crs) =>
        crs is null || crs == OgcCrsList.Crs84 ? null : crs.ToStorage;

    /// <summary>GeoJSON body or multipart upload (GeoPackage, zipped Shapefile, KML/KMZ, CSV, GeoJSON, FlatGeobuf): see Import/ImportUpload.</summary>
    static Task<Results<Ok<RelocationPlanner.Api.Import.ImportView>, Accepted<RelocationPlanner.Api.Import.ImportQueued>, ProblemHttpResult>> Import(string collection, HttpContext http, NpgsqlDataSource db, Hangfire.IBackgroundJobClient jobs, CancellationToken ct) =>
        RelocationPlanner.Api.Import.ImportUpload.HandleAsync(Collections.Find(collection)!, http, db, jobs, ct);

    static ProblemHttpResult Failure(WriteResult r) => r.Failure switch
    {
        WriteFailure.Conflict => Problem.Conflict(r.Errors),
        WriteFailure.NotFound => Problem.NotFound(r.Errors[0].Message),
        WriteFailure.PreconditionFailed => Problem.PreconditionFailed(r.Errors),
        _ => Problem.Invalid(r.Errors),
    };
}

/// <summary>A stored feature: its id, code and version (also the ETag), and what was changed on the way in (Z dropped).</summary>
public sealed record FeatureWritten(long Id, string? Code, int Version, IReadOnlyList<FieldError> Warnings);
