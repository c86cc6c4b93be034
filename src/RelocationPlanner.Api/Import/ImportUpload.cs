using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
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
/// source_crs_offset, source_crs). The request is spooled to its own locked folder
/// (<see cref="SpoolFolder"/>) as it streams in; small files are imported at once (200), large
/// ones by a background job (202). Whatever the outcome, the folder goes when the import ends.
/// </summary>
public static partial class ImportUpload
{
    /// <summary>Files above this size are imported by a background job.</summary>
    public const long BackgroundThreshold = 5L * 1024 * 1024;

    public static async Task<Results<Ok<ImportView>, Accepted<ImportQueued>, ProblemHttpResult>> HandleAsync(CollectionSpec c, HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var spool = SpoolFolder.Create("up");
        ImportJobInput input;
        try
        {
            input = await SpoolAsync(c, http.Request, spool.Path, ct);
        }
        catch (ImportFailedException e)
        {
            spool.Delete();
            return ImportProblem.Of(e);
        }
        catch
        {
            spool.Delete();
            throw;
        }

        var background = http.Request.Query["background"].ToString() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => new FileInfo(input.Path).Length > BackgroundThreshold,
        };
        if (background)
        {
            // The folder waits for the job under a job- name, unlocked; the job locks and removes it.
            input = input with { Path = spool.HandToJob(input.Path) };
            try
            {
                var id = await BackgroundJobs.EnqueueAsync<ImportJob>(jobs, db, "import", input, FeaturesApi.UserOf(http), ct);
                return TypedResults.Accepted($"/api/jobs/{id}", new ImportQueued(id, "queued", "import", c.Id, input.FileName));
            }
            catch
            {
                spool.Delete();
                throw;
            }
            finally
            {
                spool.Dispose();
            }
        }
        try
        {
            var result = await RunAsync(db, input, FeaturesApi.UserOf(http), null, ct);
            return TypedResults.Ok(View(result));
        }
        catch (ImportFailedException e)
        {
            return ImportProblem.Of(e);
        }
        finally
        {
            spool.Delete();
        }
    }

    /// <summary>The result document of an import (the 200 body and a job's result).</summary>
    public static ImportView View(ImportResult r) => new(r.Collection, r.File, r.Format, r.Imported, r.Seconds, [],
        // A row's warning names the feature (features[i].geometry); a file-level one (row 0) the source field.
        [.. r.Warnings.Select(w => w with { Field = w.Row > 0 ? $"features[{w.Row - 1}].{w.Field}" : w.Field })]);

    /// <summary>
    /// The import itself, shared by the request and the job: open, validate, stage, store
    /// (<paramref name="beforeCommit"/> runs inside the import's transaction).
    /// </summary>
    public static async Task<ImportResult> RunAsync(NpgsqlDataSource db, ImportJobInput input, string user, IProgress<ImportProgress>? progress, CancellationToken ct,
        ImportCommitHook? beforeCommit = null)
    {
        var c = Collections.Find(input.Collection)!;
        var offset = ImportSettings.ParseOffset(input.SourceCrsOffset)!.Value;
        await using var source = await ImportSource.OpenAsync(input.Path, input.FileName, c, input.SourceCrs, ct);
        return await FeatureImporter.ImportAsync(db, c, source, new ImportSettings(input.Mapping, offset), user, progress, ct, beforeCommit);
    }

    static async Task<ImportJobInput> SpoolAsync(CollectionSpec c, HttpRequest request, string folder, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.Combine(folder, "upload.geojson");
            await using (var file = File.Create(path)) await request.Body.CopyToAsync(file, 1 << 16, ct);
            return new ImportJobInput(path, "request.geojson", c.Id, null, null, null);
        }
        if (!MediaTypeHeaderValue.TryParse(type, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            throw new BadHttpRequestException("Send GeoJSON (application/geo+json) or a multipart/form-data upload with a file field.", StatusCodes.Status415UnsupportedMediaType);

        var reader = new MultipartReader(boundary, request.Body);
        string? spooled = null, fileName = null, mappingText = null, offset = null, crs = null;
        // A body that is not the multipart its Content-Type says, or one cut off: the reader meets the
        // end of the stream where a boundary should be.
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
                var name = HeaderUtilities.RemoveQuotes(cd.Name).Value;
                if (cd.IsFileDisposition() && name == "file")
                {
                    fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value ?? "upload");
                    if (spooled is not null)
                        throw new ImportFailedException(ImportFailure.Invalid, fileName, "The upload has more than one file field.", [new RowError(0, "file", "single", "Send one file per import.")]);
                    // The extension picks the reader; anything odd becomes .bin, refused as unsupported.
                    var ext = Path.GetExtension(fileName).ToLowerInvariant();
                    spooled = Path.Combine(folder, "upload" + (SafeExtension().IsMatch(ext) ? ext : ".bin"));
                    await using var file = File.Create(spooled);
                    await section.Body.CopyToAsync(file, 1 << 16, ct);
                    continue;
                }
                var value = await ReadFieldAsync(section.Body, name ?? "", fileName ?? "upload", ct);
                switch (name)
                {
                    case "mapping": mappingText = value; break;
                    case "source_crs_offset": offset = value; break;
                    case "source_crs": crs = value.Trim(); break;
                }
            }
        }
        catch (IOException)
        {
            throw new ImportFailedException(ImportFailure.Invalid, fileName ?? "upload", "The body is not the multipart/form-data its Content-Type says, or it is cut off.",
                [new RowError(0, "file", Rules.MediaType, "The body is not a whole multipart/form-data upload: send the file in a multipart field named file.")]);
        }
        if (spooled is null)
            throw new ImportFailedException(ImportFailure.Invalid, "upload", "The upload has no file field.", [new RowError(0, "file", "required", "Send the file in a multipart field named file.")]);
        if (ImportSettings.ParseOffset(offset) is null)
            throw new ImportFailedException(ImportFailure.Invalid, fileName!, "Unknown source_crs_offset.", [new RowError(0, "source_crs_offset", "enum", "source_crs_offset must be gcj02 or bd09 (or empty).")]);
        return new ImportJobInput(spooled, fileName!, c.Id, ParseMapping(mappingText, fileName!), offset, string.IsNullOrEmpty(crs) ? null : crs);
    }

    /// <summary>The other form fields are short text: read at most <see cref="MaxFieldBytes"/> of each, strictly as UTF-8.</summary>
    static async Task<string> ReadFieldAsync(Stream body, string name, string file, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxFieldBytes)
                throw new ImportFailedException(ImportFailure.Invalid, file, $"The form field {name} is too long.",
                    [new RowError(0, name, "too_long", $"{name} may hold at most {MaxFieldBytes / 1024} KB.")]);
            buffer.Write(chunk, 0, n);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFailedException(ImportFailure.Invalid, file, $"The form field {name} is not UTF-8 text.",
                [new RowError(0, name, "utf8", $"{name} must be UTF-8 text.")]);
        }
    }

    const int MaxFieldBytes = 64 * 1024;

    [GeneratedRegex(@"^\.[a-z0-9]{1,8}$")]
    private static partial Regex SafeExtension();

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

/// <summary>A finished import (errors is empty: a file with any error imports nothing and answers a problem).</summary>
public sealed record ImportView(string Collection, string File, string Format, long Imported, double Seconds, IReadOnlyList<RowError> Errors, IReadOnlyList<RowError> Warnings);

/// <summary>A large import handed to a background job: follow it at /api/jobs/{id} (the Location header).</summary>
public sealed record ImportQueued(Guid Id, string Status, string Kind, string Collection, string File);

/// <summary>The multipart form of an import: the file (GeoPackage, zipped Shapefile, KML/KMZ, CSV, GeoJSON, FlatGeobuf) and how to read it.</summary>
public sealed record ImportForm(IFormFile File, string? Mapping, string? SourceCrsOffset, string? SourceCrs);
