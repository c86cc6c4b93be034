using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Data.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// OGC API - Features Part 4 (draft) on /ogc/collections/{id}/items: POST creates, PUT replaces,
/// PATCH applies a JSON merge patch (RFC 7396), DELETE deletes. Every write goes through the
/// one write path of /api (<see cref="FeaturesApi"/>: FeatureReader's validation, FeatureStore,
/// the editors of each collection, history of who changed what). ETags are the row version;
/// If-Match is checked when sent (412 when stale) and may be left out, as Part 4 permits and
/// QGIS's OAPIF provider does. Content-Crs names the CRS of a body's geometry (default CRS84).
/// </summary>
public static class OgcWrites
{
    const int MaxJsonDepth = 64;

    public static RouteGroupBuilder MapOgcWrites(this RouteGroupBuilder ogc)
    {
        var collection = FeaturesApi.CollectionSegment("collectionId");
        var writes = ogc.MapGroup("").RequireEditorOfRoute("collectionId");
        writes.MapPost($"/collections/{collection}/items", Create).WithName("OgcCreateFeature").ReadsGeoJson().Refuses(404, 409, 422);
        writes.MapPut($"/collections/{collection}/items/{{featureId:long}}", Replace).WithName("OgcReplaceFeature").ReadsGeoJson().Refuses(404, 409, 412, 422);
        writes.MapPatch($"/collections/{collection}/items/{{featureId:long}}", Update).WithName("OgcUpdateFeature")
            .ReadsJson<GeoJsonFeatureBody>("application/merge-patch+json", "application/json").Refuses(404, 409, 412, 422);
        writes.MapDelete($"/collections/{collection}/items/{{featureId:long}}", Delete).WithName("OgcDeleteFeature").Refuses(404, 409, 412);
        return ogc;
    }

    static async Task<Results<Created<FeatureWritten>, ProblemHttpResult>> Create(string collectionId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (ContentCrs(http, out var error) is not { } crs) return error!;
        return await FeaturesApi.CreateAsync(Collections.Find(collectionId)!, http, db, crs, ct);
    }

    static async Task<Results<Ok<FeatureWritten>, ProblemHttpResult>> Replace(string collectionId, long featureId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (ContentCrs(http, out var error) is not { } crs) return error!;
        return await FeaturesApi.ReplaceAsync(Collections.Find(collectionId)!, featureId, ETag.Parse(http.Request.Headers.IfMatch), http, db, crs, ct);
    }

    static Task<Results<NoContent, ProblemHttpResult>> Delete(string collectionId, long featureId, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        FeaturesApi.DeleteAsync(Collections.Find(collectionId)!, featureId, ETag.Parse(http.Request.Headers.IfMatch), http, db, ct);

    /// <summary>
    /// PATCH: the stored feature (read in the body's CRS at full precision, so an untouched
    /// geometry comes back as it was) with the merge patch applied, then stored as a replacement
    /// if nobody changed it meanwhile (the version read, or If-Match when sent).
    /// </summary>
    static async Task<Results<Ok<FeatureWritten>, ProblemHttpResult>> Update(string collectionId, long featureId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var c = Collections.Find(collectionId)!;
        if (ContentCrs(http, out var error) is not { } crs) return error!;
        using var patch = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        if (patch.RootElement.ValueKind != JsonValueKind.Object)
            return Problem.Invalid("$", Rules.Object, "A JSON merge patch of a feature is an object, such as {\"properties\": {\"status\": \"completed\"}}.");
        if (await OgcQueries.ItemAsync(db, c, featureId, crs, ct, decimals: 15) is not { } current)
            return Problem.NotFound($"No feature {featureId} in {c.Id}.");
        var ifMatch = ETag.Parse(http.Request.Headers.IfMatch);
        var merged = Merge(JsonNode.Parse(current.Json), JsonNode.Parse(patch.RootElement.GetRawText()));
        using var doc = JsonDocument.Parse(merged?.ToJsonString() ?? "null");
        return await FeaturesApi.StoreReplacementAsync(c, featureId, ifMatch ?? current.Version, doc.RootElement, http, db, crs, ct);
    }

    /// <summary>RFC 7396: members of an object patch replace, null removes, objects merge recursively; anything else replaces the whole.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : [];
        foreach (var (name, value) in p)
        {
            if (value is null) result.Remove(name);
            else result[name] = Merge(result[name], value);
        }
        return result;
    }

    /// <summary>The Content-Crs header (&lt;uri&gt; or the bare URI) as an offered CRS; CRS84 when absent.</summary>
    static OgcCrs? ContentCrs(HttpContext http, out ProblemHttpResult? error)
    {
        error = null;
        var header = http.Request.Headers["Content-Crs"].ToString().Trim();
        if (header.Length == 0) return OgcCrsList.Crs84;
        var uri = header.StartsWith('<') && header.EndsWith('>') ? header[1..^1] : header;
        if (OgcCrsList.Find(uri) is { } crs) return crs;
        error = Problem.Invalid("Content-Crs", Rules.Crs, string.Create(CultureInfo.InvariantCulture,
            $"Content-Crs must name one of the collection's CRSs in angle brackets, such as <{OgcCrsList.Crs84Uri}>; not '{header}'."));
        return null;
    }
}
