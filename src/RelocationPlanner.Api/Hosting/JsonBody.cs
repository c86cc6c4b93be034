using System.Text.Json;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// The one reader of JSON request bodies: 415 unless the Content-Type names JSON; 400 naming "$"
/// when it does not parse (invalid UTF-8 included); 400 naming the field for NUL, lone surrogates
/// and duplicate keys (<see cref="StrictJson"/>). All problem+json through <see cref="ErrorHandling"/>.
/// The caller disposes the document.
/// </summary>
public static class JsonBody
{
    public static async Task<JsonDocument> ReadAsync(HttpContext http, int maxDepth, CancellationToken ct)
    {
        if (!(http.Request.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException("Send JSON with Content-Type application/json (GeoJSON also as application/geo+json).", StatusCodes.Status415UnsupportedMediaType);
        var doc = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = maxDepth }, ct);
        if (StrictJson.Check(doc.RootElement) is { } fault)
        {
            doc.Dispose();
            throw new InputRefusedException(fault);
        }
        return doc;
    }
}
