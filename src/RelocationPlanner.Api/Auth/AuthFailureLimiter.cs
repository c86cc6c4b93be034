using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// Brute-force brake on bad tokens, counted two ways in fixed windows: per client address
/// (RP_AUTH_FAILURES_PER_MINUTE, default 20; IPv6 by /64, since one host holds a whole /64) and
/// per token (RP_AUTH_TOKEN_FAILURES_PER_MINUTE, default 10; keyed by the user when the token is
/// known but expired or revoked, else by the token's first characters). Once either count is spent,
/// bad tokens get 429 until the window ends. Only bad tokens are ever braked: a valid token is
/// always accepted, so one broken script behind an office router or a proxy cannot lock out
/// everyone else who shares its address. Requests without a token are not counted.
/// </summary>
public sealed class AuthFailureLimiter : IDisposable
{
    readonly PartitionedRateLimiter<string> byAddress;
    readonly PartitionedRateLimiter<string> byToken;

    public AuthFailureLimiter(int failuresPerAddress, int failuresPerToken, TimeSpan window)
    {
        byAddress = Create(failuresPerAddress, window);
        byToken = Create(failuresPerToken, window);
    }

    static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true }));

    /// <summary>The counting key of a client address: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64.</summary>
    public static string AddressKey(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Null when a bad token from here may still get its 401; otherwise how long to wait.</summary>
    public TimeSpan? Blocked(IPAddress ip, string? tokenKey)
    {
        var a = Wait(byAddress, AddressKey(ip));
        var t = tokenKey is null ? null : Wait(byToken, tokenKey);
        return a is null ? t : t is null ? a : (a > t ? a : t);
    }

    /// <summary>Counts one bad token against its address and, when known, its token key.</summary>
    public void Failed(IPAddress ip, string? tokenKey)
    {
        using (byAddress.AttemptAcquire(AddressKey(ip), 1)) { }
        if (tokenKey is not null) using (byToken.AttemptAcquire(tokenKey, 1)) { }
    }

    static TimeSpan? Wait(PartitionedRateLimiter<string> limiter, string key)
    {
        // Acquiring zero permits asks "any left?" without spending one.
        using var probe = limiter.AttemptAcquire(key, 0);
        if (probe.IsAcquired) return null;
        return probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose()
    {
        byAddress.Dispose();
        byToken.Dispose();
    }
}
