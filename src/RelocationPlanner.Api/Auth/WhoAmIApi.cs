using RelocationPlanner.Api.Features;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// GET /api/me: who the presented token belongs to, its role, the tables that role may edit and
/// when the token expires (UTC), so a client can check a token at sign-in, offer only the tools
/// the role may use and warn before the token runs out.
/// No token: 401; a bad token: 401 (like every endpoint).
/// </summary>
public static class WhoAmIApi
{
    public static IEndpointRouteBuilder MapWhoAmIApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Get).WithName("WhoAmI").WithTags("Auth").RequireSignedIn();
        return app;
    }

    static Ok<WhoAmI> Get(HttpContext http)
    {
        var role = AuthSetup.RoleOf(http) ?? Roles.Viewer;
        // null from EntityEditors means "everything": list the whole table for an admin.
        var editable = EntityEditors.EditableBy(role) ?? [.. EntityEditors.All().Keys.Order(StringComparer.Ordinal)];
        var expiresAt = http.User.FindFirst(TokenAuthenticationHandler.ExpiresClaim)?.Value;
        return TypedResults.Ok(new WhoAmI(FeaturesApi.UserOf(http), role, editable, expiresAt));
    }
}

/// <summary>The caller: name, role, the collections that role may edit, and when the token expires (ISO 8601).</summary>
public sealed record WhoAmI(string Name, string Role, IReadOnlyList<string> Editable, string? ExpiresAt);
