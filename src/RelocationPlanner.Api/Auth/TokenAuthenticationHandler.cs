using RelocationPlanner.Core.Features;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// "Authorization: Bearer rp_..." checked against the hashed tokens in api_tokens. Success
/// gives a principal with the user's name and role; failures and refusals are problem+json
/// (401 no or bad token, 403 wrong role, 429 too many failed tokens from this IP).
/// </summary>
sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    NpgsqlDataSource db, AuthFailureLimiter limiter, IConfiguration config) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    const string RetryAfterKey = "rp.retry_after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        var ip = Context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.Blocked(ip) is { } wait)
        {
            var props = new AuthenticationProperties();
            props.Items[RetryAfterKey] = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return AuthenticateResult.Fail("Too many failed tokens from this address.", props);
        }
        // A bearer token sent in clear over a network can be replayed: off loopback it needs HTTPS,
        // unless RP_REMOTE_TOKENS=true (e.g. behind a TLS-terminating proxy).
        if (!IPAddress.IsLoopback(ip) && !Request.IsHttps && !config.GetValue("RP_REMOTE_TOKENS", false))
            return AuthenticateResult.Fail("Tokens are accepted over plain HTTP only from 127.0.0.1; use HTTPS or set RP_REMOTE_TOKENS=true.");
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var owner = token is null ? null : await UserStore.FindAsync(db, token, Context.RequestAborted);
        if (owner is null)
        {
            limiter.Failed(ip);
            Logger.LogWarning("Rejected bearer token from {Ip}", ip);
            return AuthenticateResult.Fail("The token is malformed, unknown or revoked.");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, owner.Name), new Claim(ClaimTypes.Role, owner.Role)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Properties?.Items.TryGetValue(RetryAfterKey, out var retry) == true && retry is not null)
        {
            Response.Headers.RetryAfter = retry;
            await Problem.Of(StatusCodes.Status429TooManyRequests, "too-many-attempts", "Too many failed attempts",
                $"Too many invalid tokens came from your address; try again in {retry} s.",
                [new("Authorization", Rules.RateLimit, "Too many failed token checks from this address.")]).ExecuteAsync(Context);
            return;
        }
        var bad = result.Failure is not null;
        Response.Headers.WWWAuthenticate = bad ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Problem.Of(StatusCodes.Status401Unauthorized, "unauthenticated", "Authentication required",
            bad ? result.Failure!.Message : "Send a bearer token (Authorization: Bearer ...); `rp users add` issues one.",
            [new("Authorization", bad ? "invalid_token" : "required", bad ? "The token was not accepted." : "A bearer token is required.")]).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        await Problem.Of(StatusCodes.Status403Forbidden, "forbidden", "Not allowed for your role",
            $"Your role ({role}) may not do this.",
            [new("Authorization", Rules.Role, $"Role {role} is not allowed here.")]).ExecuteAsync(Context);
    }
}
