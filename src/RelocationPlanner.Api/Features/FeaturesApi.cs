using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Features;

namespace RelocationPlanner.Api.Features;

/// <summary>Writes to the spatial collections: create, replace (If-Match), delete, bulk import (all or nothing).</summary>
public static class FeaturesApi
{
    /// <summary>Only the catalogue's collections match, so other /api routes are never shadowed.</summary>
    const string CollectionRoute = "{collection:regex(^(admin_units|towns|settlements|sites|roads|wells|power_lines)$)}";

    /// <summary>A GeoJSON import body may be large; it is bounded all the same.</summary>
    public const long MaxImportBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>GeoJSON nests coordinates a few levels deep; 64 leaves room and stops abuse.</summary>
    const int MaxJsonDepth = 64;

    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        // Who may write is per collection (EntityEditors): sites planners, infrastructure engineers, geography admins.
        var api = app.MapGroup("/api").WithTags("Feature writes").RequireEditorOfRoute("collection");
        api.MapPost($"/{CollectionRoute}", Create).WithName("CreateFeature");
        api.MapPut($"/{CollectionRoute}/{{id:long}}", Replace).WithName("ReplaceFeature");
        api.MapDelete($"/{CollectionRoute}/{{id:long}}", Delete).WithName("DeleteFeature");
        api.MapPost($"/{CollectionRoute}/import", Import).WithName("ImportFeatures")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxImportBytes));
        return app;
    }

    /// <summary>The authenticated caller's name (from the bearer token); history records it for every change.</summary>
    public static string UserOf(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";

    static async Task<IResult> Create(string collection, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var c = Collections.Find(collection)!;
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var (feature, errors) = FeatureReader.Read(body.RootElement, c);
        if (feature is null) return Problem.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, UserOf(http), ct);
        var result = await FeatureStore.InsertAsync(conn, tx, c, [feature], ct, fieldPrefix: null);
        if (!result.Ok) return Failure(result);
        await tx.CommitAsync(ct);
        var stored = result.Stored[0];
        http.Response.Headers.ETag = ETag.Of(stored.Version);
        return Results.Created($"/ogc/collections/{c.Id}/items/{stored.Id}", new { id = stored.Id, code = stored.Code, version = stored.Version, warnings = Warnings(feature) });
    }

    static async Task<IResult> Replace(string collection, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var c = Collections.Find(collection)!;
        if (ETag.Parse(http.Request.Headers.IfMatch) is not { } version) return Problem.PreconditionRequired();
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var (feature, errors) = FeatureReader.Read(body.RootElement, c);
        if (feature is null) return Problem.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, UserOf(http), ct);
        var result = await FeatureStore.UpdateAsync(conn, tx, c, id, version, feature, ct);
        if (!result.Ok) return Failure(result);
        await tx.CommitAsync(ct);
        http.Response.Headers.ETag = ETag.Of(result.Stored[0].Version);
        return Results.Ok(new { id, code = result.Stored[0].Code, version = result.Stored[0].Version, warnings = Warnings(feature) });
    }

    static async Task<IResult> Delete(string collection, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var c = Collections.Find(collection)!;
        var version = ETag.Parse(http.Request.Headers.IfMatch);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, UserOf(http), ct);
        var result = await FeatureStore.DeleteAsync(conn, tx, c, id, version, ct);
        if (!result.Ok) return Failure(result);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    /// <summary>GeoJSON body or multipart upload (GeoPackage, zipped Shapefile, KML/KMZ, CSV, GeoJSON, FlatGeobuf): see Import/ImportUpload.</summary>
    static Task<IResult> Import(string collection, HttpContext http, NpgsqlDataSource db, Hangfire.IBackgroundJobClient jobs, CancellationToken ct) =>
        RelocationPlanner.Api.Import.ImportUpload.HandleAsync(Collections.Find(collection)!, http, db, jobs, ct);

    /// <summary>What was changed on the way in (Z dropped), as {field, rule, message}.</summary>
    static IEnumerable<object> Warnings(ParsedFeature f) => f.Warnings.Select(w => new { field = w.Field, rule = w.Rule, message = w.Message });

    static IResult Failure(WriteResult r) => r.Failure switch
    {
        WriteFailure.Conflict => Problem.Conflict(r.Errors),
        WriteFailure.NotFound => Problem.NotFound(r.Errors[0].Message),
        WriteFailure.PreconditionFailed => Problem.PreconditionFailed(r.Errors),
        _ => Problem.Invalid(r.Errors),
    };
}
