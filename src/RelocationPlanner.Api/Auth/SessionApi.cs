using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// POST /api/session: an admin's bearer token exchanged for a cookie that opens the job dashboard
/// (/hangfire) in a browser, where no script can add an Authorization header to page loads.
/// The cookie holds the token itself, so it is checked like the header on every request (a revoked
/// token stops working at once, on every instance); it is HttpOnly (no script reads it),
/// SameSite=Strict (no other site's page sends it) and sent only to /hangfire.
/// DELETE /api/session removes it.
/// </summary>
public static class SessionApi
{
    public const string CookieName = "rp_session";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", Open).WithName("OpenSession").WithTags("Auth").RequireRoles();
        app.MapDelete("/api/session", Close).WithName("CloseSession").WithTags("Auth").AllowAnonymous();
        return app;
    }

    static NoContent Open(HttpContext http)
    {
        var token = http.Request.Headers.Authorization.ToString()[7..].Trim(); // the handler accepted "Bearer ..."
        http.Response.Cookies.Append(CookieName, token, Options(http));
        return TypedResults.NoContent();
    }

    static NoContent Close(HttpContext http)
    {
        http.Response.Cookies.Delete(CookieName, Options(http));
        return TypedResults.NoContent();
    }

    static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = Jobs.JobQueue.DashboardPath,
        IsEssential = true,
    };

    /// <summary>The session cookie's token, for requests to the dashboard only; null elsewhere.</summary>
    public static string? TokenOf(HttpRequest request) =>
        request.Path.StartsWithSegments(Jobs.JobQueue.DashboardPath) && request.Cookies.TryGetValue(CookieName, out var t)
            && UserStore.LooksLikeToken(t) ? t : null;
}
