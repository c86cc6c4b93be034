using RelocationPlanner.Api.Problems;

namespace RelocationPlanner.Api.Auth;

/// <summary>
/// A first line against injection-shaped queries, before any endpoint runs: a query value with
/// control characters (NUL included, which PostgreSQL text refuses) or undecodable bytes, or an
/// overlong value, is a 400 problem naming the parameter. Endpoints still validate their own values.
/// </summary>
public static class QueryGuard
{
    public const int MaxValueLength = 2048;

    public static WebApplication UseQueryGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            foreach (var (name, values) in http.Request.Query)
            {
                var bad = Bad(name) ? "name" : values.Any(v => v is not null && Bad(v)) ? "value" : null;
                if (bad is null) continue;
                var field = Bad(name) ? "query" : name;
                await Problem.Invalid(field, "query_value",
                    $"The query parameter {(bad == "name" ? "name" : field)} has control characters, undecodable bytes or more than {MaxValueLength} characters.").ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        return app;
    }

    static bool Bad(string s) => s.Length > MaxValueLength || s.Any(c => char.IsControl(c) || c == '\uFFFD');
}
