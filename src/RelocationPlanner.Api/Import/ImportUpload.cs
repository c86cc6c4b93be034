using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Hangfire;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data.Import;

namespace RelocationPlanner.Api.Import;

/// <summary>What a queued import job needs: the spooled file and the request's options.</summary>
public sealed record ImportJobInput(string Path, string FileName, string Collection, Dictionary<string, string>? Mapping, string? SourceCrsOffset, string? SourceCrs);

/// <summary>
/// POST /api/{collection}/import: a GeoJSON body or a multipart upload (file, mapping,
/// source_crs_offset, source_crs). The request is spooled to a temp file as it streams in;
/// small files are imported at once (200), large ones by a background job (202).
/// </summary>
public static class ImportUpload
{
    /// <summary>Files above this size are imported by a background job.</summary>
    public const long BackgroundThreshold = 5L * 1024 * 1024;

    public static string SpoolDirectory =>
        Environment.GetEnvironmentVariable("RP_IMPORT_DIR") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "rp-imports");

    public static async Task<IResult> HandleAsync(CollectionSpec c, HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        ImportJobInput input;
        try
        {
            input = await SpoolAsync(c, http.Request, ct);
        }
        catch (ImportFailedException e)
        {
            return ImportProblem.Of(e);
        }

        var background = http.Request.Query["background"].ToString() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => new FileInfo(input.Path).Length > BackgroundThreshold,
        };
        if (background)
        {
            var id = await BackgroundJobs.EnqueueAsync<ImportJob>(jobs, db, "import", input, FeaturesApi.UserOf(http), ct);
            http.Response.Headers.Location = $"/api/jobs/{id}";
            return Results.Json(new { id, status = "queued", kind = "import", collection = c.Id, file = input.FileName },
                statusCode: StatusCodes.Status202Accepted);
        }
        try
        {
            var result = await RunAsync(db, input, FeaturesApi.UserOf(http), null, ct);
            return Results.Ok(View(result));
        }
        catch (ImportFailedException e)
        {
            return ImportProblem.Of(e);
        }
        finally
        {
            File.Delete(input.Path);
        }
    }

    /// <summary>The result document of an import (the 200 body and a job's result).</summary>
    public static object View(ImportResult r) => new
    {
        collection = r.Collection,
        file = r.File,
        format = r.Format,
        imported = r.Imported,
        seconds = r.Seconds,
        errors = Array.Empty<object>(),
        warnings = r.Warnings.Select(w => new { row = w.Row, field = $"features[{w.Row - 1}].{w.Field}", rule = w.Rule, message = w.Message }),
    };

    /// <summary>
    /// The import itself, shared by the request and the job: open, validate, stage, store
    /// (<paramref name="beforeCommit"/> runs inside the import's transaction).
    /// </summary>
    public static async Task<ImportResult> RunAsync(NpgsqlDataSource db, ImportJobInput input, string user, IProgress<ImportProgress>? progress, CancellationToken ct,
        ImportCommitHook? beforeCommit = null)
    {
        var c = Collections.Find(input.Collection)!;
        var offset = ImportSettings.ParseOffset(input.SourceCrsOffset)!.Value;
        var source = await ImportSource.OpenAsync(input.Path, input.FileName, c, input.SourceCrs, ct);
        return await FeatureImporter.ImportAsync(db, c, source, new ImportSettings(input.Mapping, offset), user, progress, ct, beforeCommit);
    }

    static async Task<ImportJobInput> SpoolAsync(CollectionSpec c, HttpRequest request, CancellationToken ct)
    {
        Directory.CreateDirectory(SpoolDirectory);
        var type = request.ContentType ?? "";
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.Combine(SpoolDirectory, $"{Guid.NewGuid():N}.geojson");
            await using (var file = File.Create(path)) await request.Body.CopyToAsync(file, 1 << 16, ct);
            return new ImportJobInput(path, "request.geojson", c.Id, null, null, null);
        }
        if (!MediaTypeHeaderValue.TryParse(type, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            throw new BadHttpRequestException("Send GeoJSON (application/geo+json) or a multipart/form-data upload with a file field.", StatusCodes.Status415UnsupportedMediaType);

        var reader = new MultipartReader(boundary, request.Body);
        string? spooled = null, fileName = null, mappingText = null, offset = null, crs = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
                var name = HeaderUtilities.RemoveQuotes(cd.Name).Value;
                if (cd.IsFileDisposition() && name == "file")
                {
                    fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value ?? "upload");
                    spooled = Path.Combine(SpoolDirectory, $"{Guid.NewGuid():N}{Path.GetExtension(fileName).ToLowerInvariant()}");
                    await using var file = File.Create(spooled);
                    await section.Body.CopyToAsync(file, 1 << 16, ct);
                    continue;
                }
                using var text = new StreamReader(section.Body);
                var value = await text.ReadToEndAsync(ct);
                switch (name)
                {
                    case "mapping": mappingText = value; break;
                    case "source_crs_offset": offset = value; break;
                    case "source_crs": crs = value.Trim(); break;
                }
            }
            if (spooled is null)
                throw new ImportFailedException(ImportFailure.Invalid, "upload", "The upload has no file field.", [new RowError(0, "file", "required", "Send the file in a multipart field named file.")]);
            if (ImportSettings.ParseOffset(offset) is null)
                throw new ImportFailedException(ImportFailure.Invalid, fileName!, "Unknown source_crs_offset.", [new RowError(0, "source_crs_offset", "enum", "source_crs_offset must be gcj02 or bd09 (or empty).")]);
            return new ImportJobInput(spooled, fileName!, c.Id, ParseMapping(mappingText, fileName!), offset, string.IsNullOrEmpty(crs) ? null : crs);
        }
        catch
        {
            if (spooled is not null) File.Delete(spooled);
            throw;
        }
    }

    static Dictionary<string, string>? ParseMapping(string? text, string file)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(text);
        }
        catch (JsonException)
        {
            throw new ImportFailedException(ImportFailure.Invalid, file, "The mapping is not valid JSON.",
                [new RowError(0, "mapping", "json_object", "mapping must be a JSON object {\"target_property\": \"source_field\"}.")]);
        }
    }
}
