using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RelocationPlanner.Api.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Field;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Field;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Field;

/// <summary>
/// Photos proving a step: uploaded as multipart (photo + metadata), checked by content
/// (<see cref="Photos"/>), compared with where they should have been taken, and stored in the
/// database with a thumbnail. Findings are flags, never refusals: far_from_site (farther than
/// RP_EVIDENCE_MAX_DISTANCE_M, default 500 m, from the household's site, or its origin settlement
/// for the old house's steps), exif_position_differs (EXIF GPS farther than
/// RP_EVIDENCE_EXIF_TOLERANCE_M, default 100 m, plus the declared accuracy from the declared
/// position), exif_time_differs (EXIF time more than an hour from taken_at), no_reference_place.
/// </summary>
static class EvidenceApi
{
    const string Endpoint = "POST /api/evidence";
    const int MaxMetadataBytes = 16 * 1024;

    public static void Map(RouteGroupBuilder officers, RouteGroupBuilder personal)
    {
        officers.MapPost("/evidence", Upload).WithName("UploadEvidence").DisableAntiforgery().ReadsJson<EvidenceForm>("multipart/form-data").Produces<EvidenceDocument>(StatusCodes.Status201Created).Refuses(403, 404, 409, 413, 422);
        personal.MapGet("/evidence/{id:long}", (long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => Bytes(id, false, http, db, ct)).WithName("GetEvidencePhoto").Produces<Stream>(StatusCodes.Status200OK, "image/jpeg", "image/png").Refuses(404);
        personal.MapGet("/evidence/{id:long}/thumbnail", (long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => Bytes(id, true, http, db, ct)).WithName("GetEvidenceThumbnail").Produces<Stream>(StatusCodes.Status200OK, "image/jpeg").Refuses(404);
        personal.MapGet("/evidence/{id:long}/document", Document).WithName("GetEvidenceDocument").Refuses(404);
        personal.MapGet("/households/{code}/evidence", OfHousehold).WithName("ListHouseholdEvidence").Refuses(404);
        personal.MapGet("/sites/{code}/evidence", OfSite).WithName("ListSiteEvidence").Refuses(404);
        personal.MapGet("/evidence.geojson", GeoJson).WithName("EvidenceGeoJson").Produces<JsonElement>(StatusCodes.Status200OK, "application/geo+json").Refuses(400);
    }

    sealed record Metadata(string? HouseholdCode, string? SiteCode, string Step, DateTimeOffset TakenAt, Position Position, string? Device);

    static async Task<IResult> Upload(HttpContext http, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        var (key, keyProblem) = Idempotency.Read(http, required: false);
        if (keyProblem is not null) return keyProblem;
        var limits = PhotoLimits.From(config);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxBytes + 256 * 1024;
        if (!http.Request.HasFormContentType)
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", "Send multipart/form-data with parts photo and metadata.",
                [new FieldError("Content-Type", Rules.MediaType, "Send multipart/form-data with parts photo and metadata.")]);
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
        {
            MultipartBodyLengthLimit = limits.MaxBytes + 128 * 1024,
            ValueLengthLimit = MaxMetadataBytes,
            ValueCountLimit = 8,
            MultipartHeadersCountLimit = 8,
        }));
        IFormCollection form;
        try { form = await http.Request.ReadFormAsync(ct); }
        catch (InvalidDataException e) { return Problem.Invalid("$", Rules.MaxSize, $"The form is malformed or over a limit: {e.Message}"); }
        // A body that is not the multipart its Content-Type says (no boundary where one is promised).
        catch (IOException) { return Problem.Invalid("$", Rules.MediaType, "The body is not the multipart/form-data its Content-Type says."); }

        var photoPart = form.Files["photo"];
        if (photoPart is null) return Problem.Invalid("photo", Rules.Required, "The part photo (the image) is required.");
        if (photoPart.Length > limits.MaxBytes)
            return Problem.Of(StatusCodes.Status413PayloadTooLarge, "too-large", "Photo too large", $"A photo is at most {limits.MaxBytes:N0} bytes.",
                [new FieldError("photo", Rules.MaxSize, $"A photo is at most {limits.MaxBytes:N0} bytes.")]);
        var metadataText = await MetadataTextAsync(form, ct);
        if (metadataText is null) return Problem.Invalid("metadata", Rules.Required, "The part metadata (JSON) is required.");
        var (meta, errors) = ReadMetadata(metadataText);
        if (meta is null) return Problem.Invalid(errors);

        byte[] photo;
        await using (var s = photoPart.OpenReadStream())
        {
            var buffer = new MemoryStream((int)photoPart.Length);
            await s.CopyToAsync(buffer, ct);
            photo = buffer.ToArray();
        }
        var (checkedPhoto, photoError, tooLarge) = Photos.Check(photo, limits);
        if (checkedPhoto is null)
            return tooLarge ? Problem.Of(StatusCodes.Status422UnprocessableEntity, "limit-exceeded", "Over a size limit", photoError!.Message, [photoError])
                : photoError!.Rule == Rules.MediaType ? Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Not a JPEG or PNG image", photoError.Message, [photoError])
                : Problem.Invalid([photoError!], photoError!.Message);

        // The key's "same body": the metadata and the photo's bytes (a multipart boundary differs on every send).
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(metadataText), 0, .. photo]);
        var user = FeaturesApi.UserOf(http);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, user, ct);
        if (key is not null && await Idempotency.ReplayAsync(conn, tx, key, Endpoint, user, hash, ct) is { } replay) return replay;

        var target = await EvidenceStore.TargetAsync(conn, tx, meta.HouseholdCode, meta.SiteCode, FieldSteps.AtOrigin(meta.Step), meta.Position.Lon, meta.Position.Lat, user, ct);
        if (target is null)
        {
            var (field, what) = meta.HouseholdCode is not null ? ("household_code", $"household {meta.HouseholdCode}") : ("site_code", $"site {meta.SiteCode}");
            return ChangesApi.Unprocessable(field, Rules.Reference, $"No {what}.");
        }
        if (target.HouseholdId is not null && !target.InPackage && AuthSetup.RoleOf(http) != Roles.Admin)
            return ChangesApi.Forbidden("household_code", Rules.OutsidePackage, $"Household {meta.HouseholdCode} is in none of your current work packages.");

        var flags = Flags(meta, checkedPhoto.Exif, target.DistanceM, config);
        var exifTaken = Photos.ExifUtc(checkedPhoto.Exif);
        var exif = checkedPhoto.Exif is null ? null : new EvidenceExif(exifTaken is { } t ? Photos.Iso(t) : null, checkedPhoto.Exif.Lon, checkedPhoto.Exif.Lat);
        var id = await EvidenceStore.InsertAsync(conn, tx, new NewEvidence(target.HouseholdId, meta.HouseholdCode is null ? target.SiteCode : null, meta.Step,
            meta.TakenAt, meta.Position.Lon, meta.Position.Lat, meta.Position.AccuracyM, meta.Device, checkedPhoto.MediaType, checkedPhoto.Width, checkedPhoto.Height,
            Convert.ToHexStringLower(SHA256.HashData(photo)), exif, target.DistanceM, [.. flags], photo, checkedPhoto.Thumbnail), ct);
        var document = (await EvidenceStore.ListAsync(conn, tx, id, null, null, ct))[0];
        var answer = await Idempotency.AnswerAsync(http, conn, tx, key, Endpoint, user, hash, StatusCodes.Status201Created, document, ct);
        await tx.CommitAsync(ct);
        return answer;
    }

    static async Task<string?> MetadataTextAsync(IFormCollection form, CancellationToken ct)
    {
        if (form.TryGetValue("metadata", out var v) && v.Count == 1) return v[0];
        if (form.Files["metadata"] is not { } file) return null;
        if (file.Length > MaxMetadataBytes) return "";
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    static (Metadata? Meta, List<FieldError> Errors) ReadMetadata(string text)
    {
        var e = new List<FieldError>();
        // The form reader decodes parts as UTF-8 with replacement characters: a U+FFFD here means the
        // phone sent other bytes (or the character itself, which no device name or code needs).
        if (text.Contains('\uFFFD'))
            return (null, [new("metadata", Rules.Text, "metadata has bytes that are not UTF-8: send it as UTF-8 JSON.")]);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException) { return (null, [new("metadata", Rules.Json, "metadata is not valid JSON.")]); }
        using (doc)
        {
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object) return (null, [new("metadata", Rules.Object, "metadata must be a JSON object.")]);
            if (StrictJson.Check(o) is { } fault) return (null, [fault]);
            var household = FieldJson.Text(o, "household_code", e, 64);
            var site = FieldJson.Text(o, "site_code", e, 64);
            if (e.Count == 0 && (household is null) == (site is null))
                e.Add(new("household_code", Rules.OneOf, "Give household_code or site_code (one of them)."));
            var step = Json.String(o, "step", e, true);
            if (step is not null && FieldSteps.CheckStep("step", step) is { } bad) e.Add(bad);
            var taken = FieldJson.Timestamp(o, "taken_at", e, true, DateTimeOffset.UtcNow);
            var position = FieldJson.Position(o, e, required: true);
            var device = FieldJson.Text(o, "device", e, 200);
            return e.Count > 0 ? (null, e) : (new Metadata(household, site, step!, taken!.Value, position!, device), e);
        }
    }

    static List<string> Flags(Metadata meta, ExifFacts? exif, double? distance, IConfiguration config)
    {
        var flags = new List<string>();
        if (distance is null) flags.Add("no_reference_place");
        else if (distance > config.GetValue("RP_EVIDENCE_MAX_DISTANCE_M", 500.0)) flags.Add("far_from_site");
        if (exif?.Lon is { } lon && exif.Lat is { } lat
            && Geodesic.Distance(lon, lat, meta.Position.Lon, meta.Position.Lat) > config.GetValue("RP_EVIDENCE_EXIF_TOLERANCE_M", 100.0) + (meta.Position.AccuracyM ?? 0))
            flags.Add("exif_position_differs");
        if (Photos.ExifUtc(exif) is { } t && (t - meta.TakenAt).Duration() > TimeSpan.FromHours(1)) flags.Add("exif_time_differs");
        return flags;
    }

    static async Task<IResult> Bytes(long id, bool thumbnail, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await EvidenceStore.BytesAsync(db, id, thumbnail, ct) is not { } b) return Problem.NotFound($"No evidence {id}.");
        // Personal data: the browser may keep it, shared caches may not.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.File(b.Data, b.MediaType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{b.Sha256[..16]}{(thumbnail ? "t" : "")}\""));
    }

    static async Task<Results<Ok<EvidenceDocument>, ProblemHttpResult>> Document(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await EvidenceStore.ListAsync(conn, null, id, null, null, ct)) is [var d] ? TypedResults.Ok(d) : Problem.NotFound($"No evidence {id}.");
    }

    static async Task<Ok<HouseholdEvidence>> OfHousehold(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(new HouseholdEvidence(code, await EvidenceStore.ListAsync(conn, null, null, code, null, ct)));
    }

    static async Task<Ok<SiteEvidence>> OfSite(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(new SiteEvidence(code, await EvidenceStore.ListAsync(conn, null, null, null, code, ct)));
    }

    static async Task<IResult> GeoJson(string? bbox, NpgsqlDataSource db, CancellationToken ct)
    {
        double[]? box = null;
        if (!string.IsNullOrWhiteSpace(bbox))
        {
            if (LonLatBox.Parse(bbox) is not { Width: >= 0, Height: >= 0 } b)
                return Problem.Invalid("bbox", Rules.Bbox, "bbox is minLon,minLat,maxLon,maxLat in degrees.");
            box = [b.MinX, b.MinY, b.MaxX, b.MaxY];
        }
        return Results.Text(await EvidenceStore.GeoJsonAsync(db, box, ct), "application/geo+json", Encoding.UTF8);
    }
}
