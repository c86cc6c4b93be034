using System.Net;
using System.Net.Sockets;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// The base of every absolute link the service writes (OGC API links, the OpenAPI link), never
/// taken on trust from the request: RP_PUBLIC_URL when set (e.g. https://gis.example.org/rp, for a
/// service behind a proxy); else the request's Host when it is in RP_ALLOWED_HOSTS (comma-separated
/// host names; default localhost, 127.0.0.1 and ::1); else the address the connection actually
/// reached (the server's own socket). A forged Host header is thus never echoed into a link.
/// Location headers stay relative and need none of this.
/// </summary>
public sealed class PublicLinks
{
    readonly string? publicUrl;
    readonly HashSet<string> allowedHosts;

    public PublicLinks(IConfiguration config)
    {
        if (config["RP_PUBLIC_URL"] is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(u.Query)
                || !string.IsNullOrEmpty(u.Fragment) || !string.IsNullOrEmpty(u.UserInfo))
                throw new InvalidOperationException($"RP_PUBLIC_URL must be an absolute http(s) URL without user, query or fragment, such as https://gis.example.org/rp; not '{url}'.");
            publicUrl = u.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }
        var hosts = config["RP_ALLOWED_HOSTS"] is { Length: > 0 } list ? list : "localhost,127.0.0.1,::1";
        allowedHosts = new HashSet<string>(hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.Trim('[', ']')), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>scheme://host[:port][/base] for links in answers to <paramref name="r"/>, without a trailing slash.</summary>
    public string Base(HttpRequest r)
    {
        if (publicUrl is not null) return publicUrl;
        // Rebuilt from its parsed parts: a Host value with anything else in it is not used.
        var host = r.Host;
        var rebuilt = host.Port is { } port ? new HostString(host.Host, port) : new HostString(host.Host);
        if (host.HasValue && allowedHosts.Contains(host.Host.Trim('[', ']')) && string.Equals(rebuilt.Value, host.Value, StringComparison.OrdinalIgnoreCase))
            return $"{r.Scheme}://{rebuilt.ToUriComponent()}{r.PathBase}";
        var local = r.HttpContext.Connection.LocalIpAddress ?? IPAddress.Loopback;
        if (local.IsIPv4MappedToIPv6) local = local.MapToIPv4();
        var name = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        return $"{r.Scheme}://{name}:{r.HttpContext.Connection.LocalPort}{r.PathBase}";
    }
}
