using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// Authentication (bearer tokens issued by <c>rp users add</c>) and authorization for every endpoint.
/// <para><b>How a capability protects its endpoints</b> (public helpers, on any endpoint or group):</para>
/// <list type="bullet">
/// <item><c>.RequireRoles(Roles.Planner)</c>: a token with one of these roles (admin is always allowed);
/// no token 401, another role 403, both problem+json.</item>
/// <item><c>.RequireEditorOf("households")</c>: the editors of that table per <see cref="EntityEditors"/>
/// (register new tables there with <c>EntityEditors.Register("payments", Roles.RelocationOfficer)</c>).</item>
/// <item><c>.RequireEditorOfRoute("collection")</c>: the same, with the table taken from a route value.</item>
/// <item><c>.RequireSignedIn()</c>: any valid token, whatever its role (never anonymous, even with open reads).</item>
/// <item><c>.RequirePersonalData()</c>: names, id numbers, per-household payments: relocation officers and admins.</item>
/// <item>Nothing: a public read. Open to anyone by default; RP_OPEN_READS=false makes it need any valid token.
/// <c>.AllowAnonymous()</c> keeps an endpoint open even then (only /health does).</item>
/// </list>
/// In a handler, <c>FeaturesApi.UserOf(http)</c> is the caller's name (pass it to Database.BeginAsUserAsync
/// so history records who changed what) and <c>AuthSetup.RoleOf(http)</c> the caller's role.
/// </summary>
public static class AuthSetup
{
    public static WebApplicationBuilder AddRelocationAuth(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddSingleton(new AuthFailureLimiter(config.GetValue("RP_AUTH_FAILURES_PER_MINUTE", 20),
            config.GetValue("RP_AUTH_TOKEN_FAILURES_PER_MINUTE", 10), TimeSpan.FromMinutes(1)));
        builder.Services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, EditorOfRouteHandler>();
        builder.Services.AddAuthorization(o =>
        {
            // Public reads: open unless RP_OPEN_READS=false, then any valid token.
            if (!config.GetValue("RP_OPEN_READS", true))
                o.FallbackPolicy = new AuthorizationPolicyBuilder(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
        });
        return builder;
    }

    /// <summary>
    /// Authentication, then a hard stop for presented-but-bad tokens (even on open endpoints a
    /// wrong token is an error, and counts towards the failure limit), then authorization.
    /// </summary>
    public static WebApplication UseRelocationAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated != true && !string.IsNullOrEmpty(http.Request.Headers.Authorization))
            {
                await http.ChallengeAsync(TokenAuthenticationHandler.SchemeName);
                return;
            }
            await next(http);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>Only callers with one of <paramref name="roles"/> (admins always).</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var r in roles)
            if (!Roles.IsKnown(r)) throw new ArgumentException($"Unknown role {r}.", nameof(roles));
        string[] allowed = [.. roles.Append(Roles.Admin).Distinct()];
        return builder.RequireAuthorization(p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(allowed));
    }

    /// <summary>Any signed-in caller, whatever the role (no token 401).</summary>
    public static TBuilder RequireSignedIn<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRoles([.. Roles.All]);

    /// <summary>Only the editors of <paramref name="entity"/> (per <see cref="EntityEditors"/>, looked up per request) and admins.</summary>
    public static TBuilder RequireEditorOf<TBuilder>(this TBuilder builder, string entity) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
            .AddRequirements(new EditorOfRequirement(entity, null)));

    /// <summary>Like <see cref="RequireEditorOf"/>, with the entity taken from the route value <paramref name="routeValue"/>.</summary>
    public static TBuilder RequireEditorOfRoute<TBuilder>(this TBuilder builder, string routeValue) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
            .AddRequirements(new EditorOfRequirement(null, routeValue)));

    /// <summary>Personal data (names, id numbers, payments per household): relocation officers and admins.</summary>
    public static TBuilder RequirePersonalData<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRoles(Roles.RelocationOfficer);

    /// <summary>The caller's role, or null when no valid token was sent.</summary>
    public static string? RoleOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.Role) : null;

    sealed record EditorOfRequirement(string? Entity, string? RouteValue) : IAuthorizationRequirement;

    sealed class EditorOfRouteHandler : AuthorizationHandler<EditorOfRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EditorOfRequirement requirement)
        {
            var entity = requirement.Entity
                ?? (context.Resource as HttpContext)?.GetRouteValue(requirement.RouteValue!) as string;
            var role = context.User.FindFirstValue(ClaimTypes.Role);
            if (entity is not null && role is not null && EntityEditors.MayEdit(entity, role))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
