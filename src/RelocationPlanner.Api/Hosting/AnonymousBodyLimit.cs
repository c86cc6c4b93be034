using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using RelocationPlanner.Api.Problems;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Callers without a token may send at most <c>RP_ANON_MAX_BODY_BYTES</c> (default 2 MB) — open
/// endpoints such as evaluate are reachable by anyone while RP_OPEN_READS is on; signed-in callers
/// keep each endpoint's own limit (16 MB, more for imports). Runs after authorization, so a write
/// without a token is still a 401. A declared Content-Length over the limit is refused before any
/// of the body is read; a chunked body is cut off by Kestrel at the limit (413 either way).
/// </summary>
public static class AnonymousBodyLimit
{
    public const string Setting = "RP_ANON_MAX_BODY_BYTES";
    public const long DefaultBytes = 2L * 1024 * 1024;

    public static WebApplication UseAnonymousBodyLimit(this WebApplication app)
    {
        long limit = Read(app.Configuration);
        app.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated == true) { await next(http); return; }
            if (http.Request.ContentLength > limit)
            {
                await TooLarge(limit).ExecuteAsync(http);
                return;
            }
            var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (size is { IsReadOnly: false } && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > limit)) size.MaxRequestBodySize = limit;
            await next(http);
        });
        return app;
    }

    static long Read(IConfiguration config)
    {
        var text = config[Setting];
        if (string.IsNullOrWhiteSpace(text)) return DefaultBytes;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes < 1)
            throw new InvalidOperationException($"{Setting} must be a whole number of bytes above 0, not '{text}'.");
        return bytes;
    }

    static IResult TooLarge(long limit) => Problem.Of(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large",
        $"Requests without a token may send at most {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes ({Setting}); sign in to send more.",
        [new("$", "max_size", $"The body is larger than the {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes accepted without a token.")]);
}
