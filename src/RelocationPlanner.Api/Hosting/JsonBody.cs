using System.Text.Json;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// The JSON body of a write: 415 unless the Content-Type names JSON, 400 naming "$" when it does
/// not parse (both problem+json through <see cref="ErrorHandling"/>). The caller disposes it.
/// </summary>
public static class JsonBody
{
    public static async Task<JsonDocument> ReadAsync(HttpContext http, int maxDepth, CancellationToken ct)
    {
        if (!(http.Request.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException("Send JSON with Content-Type application/json (GeoJSON also as application/geo+json).", StatusCodes.Status415UnsupportedMediaType);
        return await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = maxDepth }, ct);
    }
}
