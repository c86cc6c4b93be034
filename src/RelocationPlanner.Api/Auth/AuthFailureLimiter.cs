using System.Net;
using System.Threading.RateLimiting;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// Brute-force brake on token checks: each failed token costs the client IP one permit of a
/// fixed window (RP_AUTH_FAILURES_PER_MINUTE, default 20). Once the permits are gone, every
/// token from that IP is refused with 429 before it is checked, until the window ends, so a
/// guesser learns nothing at full speed. Requests without a token are not affected.
/// </summary>
public sealed class AuthFailureLimiter : IDisposable
{
    readonly PartitionedRateLimiter<IPAddress> limiter;

    public AuthFailureLimiter(int failuresPerWindow, TimeSpan window)
    {
        limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetFixedWindowLimiter(ip,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, failuresPerWindow), Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Null when the IP may try a token; otherwise how long it must wait.</summary>
    public TimeSpan? Blocked(IPAddress ip)
    {
        // Acquiring zero permits asks "any left?" without spending one.
        using var probe = limiter.AttemptAcquire(ip, 0);
        if (probe.IsAcquired) return null;
        return probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    /// <summary>Spends one permit for a failed attempt.</summary>
    public void Failed(IPAddress ip)
    {
        using var _ = limiter.AttemptAcquire(ip, 1);
    }

    public void Dispose() => limiter.Dispose();
}
