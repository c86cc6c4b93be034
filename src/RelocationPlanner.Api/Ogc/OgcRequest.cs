using System.Text.Json;
using Microsoft.Extensions.Primitives;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// What every OGC resource does with its request: the absolute root of links (through
/// <see cref="PublicLinks"/>), the refusal of query parameters the API definition does not list
/// (Part 1, /req/core/query-param-unknown), the choice between JSON and HTML (<c>f</c> or an
/// Accept that names text/html) and the CRS parameters (Part 2).
/// </summary>
public static class OgcRequest
{
    /// <summary>OGC documents keep the standard's camelCase names (conformsTo, itemType), unlike the snake_case /api.</summary>
    // Relaxed escaping keeps + and & readable in media types and links; every answer is JSON, never embedded in HTML.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string GeoJson = "application/geo+json";
    public const string JsonType = "application/json";
    public const string Html = "text/html";

    /// <summary>The OGC root as an absolute URL; never built from an unchecked Host header.</summary>
    public static string Root(HttpRequest r) => r.HttpContext.RequestServices.GetRequiredService<PublicLinks>().Base(r) + "/ogc";

    /// <summary>
    /// 400 naming every query parameter outside <paramref name="known"/> (and the queryables of
    /// <paramref name="queryables"/>, which items accepts as parameters); null when all are known.
    /// </summary>
    public static IResult? RefuseUnknown(HttpRequest r, IReadOnlyCollection<string> known, CollectionSpec? queryables = null)
    {
        var unknown = r.Query.Keys.Where(k => !known.Contains(k) && (queryables is null || Queryables.Find(queryables, k) is not { IsSpatial: false }))
            .Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0) return null;
        var allowed = string.Join(", ", known.Concat(queryables is null ? [] : Queryables.Of(queryables).Where(q => !q.IsSpatial).Select(q => q.Name)));
        return Problem.Of(StatusCodes.Status400BadRequest, "invalid-input", "Unknown query parameter",
            $"Unknown query parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}; this resource takes {allowed}.",
            unknown.Select(u => new FieldError(u, Rules.UnknownParameter, $"{u} is not a parameter of this resource (it takes {allowed}).")));
    }

    /// <summary>One value of a parameter; a repeated parameter is a 400.</summary>
    public static bool TryOne(HttpRequest r, string name, out string? value, out IResult? error)
    {
        var v = r.Query[name];
        error = null;
        value = v.Count == 0 ? null : v[0];
        if (v.Count <= 1) return true;
        error = Problem.Invalid(name, Rules.Repeated, $"{name} is given {v.Count} times; give it once.");
        return false;
    }

    /// <summary>HTML when f=html, or no f and the client's Accept names text/html (a browser); JSON otherwise. Null f values other than json/html are refused.</summary>
    public static bool WantsHtml(HttpRequest r, out IResult? error)
    {
        error = null;
        if (!TryOne(r, "f", out var f, out error)) return false;
        switch (f)
        {
            case null: return r.Headers.Accept.Any(a => a is not null && a.Contains(Html, StringComparison.OrdinalIgnoreCase));
            case "html": return true;
            case "json" or "geojson": return false;
            default:
                error = Problem.Invalid("f", Rules.Format, "f must be json or html.");
                return false;
        }
    }

    /// <summary>A CRS parameter (crs, bbox-crs, filter-crs): its value in the offered list, CRS84 when absent, a 400 naming it otherwise.</summary>
    public static OgcCrs? Crs(HttpRequest r, string name, out IResult? error)
    {
        if (!TryOne(r, name, out var uri, out error)) return null;
        if (uri is null) return OgcCrsList.Crs84;
        if (OgcCrsList.Find(uri) is { } crs) return crs;
        error = Problem.Invalid(name, Rules.Crs, $"{name} must be one of the CRSs of the collection's crs list, such as {OgcCrsList.Crs84Uri} or http://www.opengis.net/def/crs/EPSG/0/4490; not '{uri}'.");
        return null;
    }

    /// <summary>The query string without <paramref name="drop"/>, re-encoded, for links that keep the request's selection.</summary>
    public static string Carry(HttpRequest r, params string[] drop) =>
        string.Join('&', r.Query.Where(p => !drop.Contains(p.Key)).SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))));

    /// <summary>href?query&amp;extra, leaving out empty parts.</summary>
    public static string Href(string path, params string?[] queries)
    {
        var q = string.Join('&', queries.Where(x => !string.IsNullOrEmpty(x)));
        return q.Length == 0 ? path : path + "?" + q;
    }

    public static object Link(string href, string rel, string type, string? title = null, bool? templated = null) =>
        new Dictionary<string, object?> { ["href"] = href, ["rel"] = rel, ["type"] = type, ["title"] = title, ["templated"] = templated }
            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>A JSON document with its self and HTML alternate links filled in by the caller.</summary>
    public static IResult Document(object body, string contentType = JsonType) => Results.Json(body, Json, contentType);

    internal static StringValues Values(HttpRequest r, string name) => r.Query[name];
}
