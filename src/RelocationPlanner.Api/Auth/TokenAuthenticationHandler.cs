using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// "Authorization: Bearer rp_..." (or, on the job dashboard only, the session cookie holding such a
/// token) checked against the hashed tokens in api_tokens. Success gives a principal with the
/// user's name, role and the token's expiry; failures and refusals are problem+json (401 no, bad,
/// revoked or expired token; 403 wrong role; 429 too many bad tokens from this address or for this
/// token, see <see cref="AuthFailureLimiter"/>).
/// </summary>
sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    NpgsqlDataSource db, AuthFailureLimiter limiter, IConfiguration config) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The claim holding the token's expiry (ISO 8601, UTC), shown by GET /api/me.</summary>
    public const string ExpiresClaim = "rp:token_expires_at";

    const string RetryAfterKey = "rp.retry_after";
    const string RuleKey = "rp.rule";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        // The job dashboard also takes the session cookie of POST /api/session (Auth/SessionApi).
        if (string.IsNullOrEmpty(header) && SessionApi.TokenOf(Request) is { } session) header = "Bearer " + session;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        var ip = Context.Connection.RemoteIpAddress ?? IPAddress.None;
        // A bearer token sent in clear over a network can be replayed: off loopback it needs HTTPS,
        // unless RP_REMOTE_TOKENS=true (e.g. behind a TLS-terminating proxy).
        if (!IPAddress.IsLoopback(ip) && !Request.IsHttps && !config.GetValue("RP_REMOTE_TOKENS", false))
            return AuthenticateResult.Fail("Tokens are accepted over plain HTTP only from 127.0.0.1; use HTTPS or set RP_REMOTE_TOKENS=true.");
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        var wellFormed = UserStore.LooksLikeToken(token);
        // A malformed token from a braked address costs no database work.
        if (!wellFormed && limiter.Blocked(ip, null) is { } early) return TooMany(early);

        var check = wellFormed ? await UserStore.CheckAsync(db, token, Context.RequestAborted) : TokenCheck.Unknown;
        if (check.Status == TokenStatus.Valid)
        {
            // Never braked: other callers' failures from the same address must not lock out a valid token.
            var o = check.Owner!;
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, o.Name), new Claim(ClaimTypes.Role, o.Role),
                new Claim(ExpiresClaim, o.ExpiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))],
                SchemeName, ClaimTypes.Name, ClaimTypes.Role);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }

        // Bad tokens count per address and per token (the user's name when the token was theirs).
        var key = check.Owner is { } owner ? "user:" + owner.Name : wellFormed ? "token:" + token[..11] : null;
        if (limiter.Blocked(ip, key) is { } wait) return TooMany(wait);
        limiter.Failed(ip, key);
        Logger.LogWarning("Rejected bearer token from {Ip}: {Status}", ip, check.Status);
        var props = new AuthenticationProperties();
        if (check.Status == TokenStatus.Expired)
        {
            props.Items[RuleKey] = "token_expired";
            return AuthenticateResult.Fail($"The token expired on {check.Owner!.ExpiresAt:yyyy-MM-dd HH:mm} UTC; ask an admin for a new one (rp users rotate).", props);
        }
        return AuthenticateResult.Fail("The token is malformed, unknown or revoked.", props);
    }

    static AuthenticateResult TooMany(TimeSpan wait)
    {
        var props = new AuthenticationProperties();
        props.Items[RetryAfterKey] = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return AuthenticateResult.Fail("Too many bad tokens from this address or for this token.", props);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Properties?.Items.TryGetValue(RetryAfterKey, out var retry) == true && retry is not null)
        {
            Response.Headers.RetryAfter = retry;
            await Problem.Of(StatusCodes.Status429TooManyRequests, "too-many-attempts", "Too many failed attempts",
                $"Too many invalid tokens came from your address or for this token; try again in {retry} s. Valid tokens are not affected.",
                [new("Authorization", Rules.RateLimit, "Too many failed token checks from this address or for this token.")]).ExecuteAsync(Context);
            return;
        }
        var bad = result.Failure is not null;
        var rule = result.Properties?.Items.TryGetValue(RuleKey, out var r) == true && r is not null ? r : "invalid_token";
        Response.Headers.WWWAuthenticate = bad
            ? $"Bearer error=\"invalid_token\", error_description=\"{(rule == "token_expired" ? "The token expired" : "The token was not accepted")}\""
            : "Bearer";
        await Problem.Of(StatusCodes.Status401Unauthorized, rule == "token_expired" ? "token-expired" : "unauthenticated",
            rule == "token_expired" ? "Token expired" : "Authentication required",
            bad ? result.Failure!.Message : "Send a bearer token (Authorization: Bearer ...); `rp users add` issues one.",
            [new("Authorization", bad ? rule : "required", bad ? (rule == "token_expired" ? "The token has expired." : "The token was not accepted.") : "A bearer token is required.")]).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        await Problem.Of(StatusCodes.Status403Forbidden, "forbidden", "Not allowed for your role",
            $"Your role ({role}) may not do this.",
            [new("Authorization", Rules.Role, $"Role {role} is not allowed here.")]).ExecuteAsync(Context);
    }
}
