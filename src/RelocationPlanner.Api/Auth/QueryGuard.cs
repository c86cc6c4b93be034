using System.Globalization;
using System.Reflection;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// A first line against injection-shaped queries, before any endpoint runs: a query value with
/// control characters (NUL included, which PostgreSQL text refuses) or undecodable bytes, or an
/// overlong value, is a 400 problem naming the parameter. Endpoints still validate their own values.
/// </summary>
public static class QueryGuard
{
    public const int MaxValueLength = 2048;

    /// <summary>
    /// Parameters whose values may be longer: an OGC CQL2 filter (a polygon literal) up to what
    /// Kestrel lets through in a request line (8 KB), line breaks and tabs allowed (a pasted
    /// multi-line filter); the filter's own parser bounds it again.
    /// </summary>
    static readonly Dictionary<string, int> LongValues = new(StringComparer.Ordinal) { ["filter"] = 8192 };

    public static WebApplication UseQueryGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            foreach (var (name, values) in http.Request.Query)
            {
                var max = LongValues.GetValueOrDefault(name, MaxValueLength);
                var bad = Bad(name) ? "name" : values.Any(v => v is not null && Bad(v, max, multiline: LongValues.ContainsKey(name))) ? "value" : null;
                if (bad is null) continue;
                var field = Bad(name) ? "query" : name;
                await Problem.Invalid(field, Rules.QueryValue,
                    $"The query parameter {(bad == "name" ? "name" : field)} has control characters, undecodable bytes or more than {(bad == "name" ? MaxValueLength : max)} characters.").ExecuteAsync(http);
                return;
            }
            if (NonFiniteNumber(http) is { } parameter)
            {
                await Problem.Invalid(parameter, Rules.Number, $"{parameter} must be a finite number (not NaN or Infinity).").ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        return app;
    }

    /// <summary>
    /// A query parameter that the endpoint binds to a floating-point number but whose value is NaN
    /// or an infinity (both parse as doubles, and then slip past range checks written as comparisons).
    /// </summary>
    static string? NonFiniteNumber(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler) return null;
        foreach (var p in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (type != typeof(double) && type != typeof(float) || p.Name is null) continue;
            foreach (var v in http.Request.Query[p.Name])
                if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsFinite(d)) return p.Name;
        }
        return null;
    }

    static bool Bad(string s, int max = MaxValueLength, bool multiline = false) =>
        s.Length > max || s.Any(c => (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r')) || c == '\uFFFD');
}
