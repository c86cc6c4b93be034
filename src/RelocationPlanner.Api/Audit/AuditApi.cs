using RelocationPlanner.Api.Hosting;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Audit;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Audit;

/// <summary>
/// GET /api/audit: the history of changes (who, when, old and new values). Admins see every
/// table; other roles see the tables they edit (EntityEditors) and must name one of them.
/// </summary>
public static partial class AuditApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex EntityPattern();

    /// <summary>User names as stored (people) plus the system actors ("system", "cli:root").</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$")]
    private static partial Regex UserPattern();

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", List).WithName("AuditTrail").WithTags("Audit")
            .RequireRoles(Roles.Planner, Roles.Engineer, Roles.RelocationOfficer).Refuses(400)
            .WithDescription("Query: entity (a table), id (a row id, needs entity), user, since (ISO 8601), limit; each at most once.");
        return app;
    }

    static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> List(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var q = http.Request.Query;
        var entity = One(q, "entity", errors);
        var idText = One(q, "id", errors);
        var user = One(q, "user", errors);
        var sinceText = One(q, "since", errors);
        var limitText = One(q, "limit", errors);

        if (entity is not null && !EntityPattern().IsMatch(entity))
            errors.Add(new("entity", Rules.Entity, "entity is a table name: lower-case letters, digits and '_'."));
        long? id = null;
        if (idText is not null)
        {
            if (long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0) id = v;
            else errors.Add(new("id", Rules.Id, "id is a positive whole number (a row id)."));
        }
        if (id is not null && entity is null)
            errors.Add(new("entity", Rules.Required, "id needs entity: ids are per table."));
        if (user is not null && !UserPattern().IsMatch(user))
            errors.Add(new("user", Rules.User, "user is a user name: letters, digits, '.', '_', '@', ':' or '-' (at most 128)."));
        DateTimeOffset? since = null;
        if (sinceText is not null)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) && s.Year >= 1900) since = s;
            else errors.Add(new("since", Rules.Timestamp, "since is an ISO 8601 time, e.g. 2026-01-31T08:00:00Z."));
        }
        var limit = PageLimit.Parse(limitText, DefaultLimit, MaxLimit, errors);
        if (errors.Count > 0) return Problem.Invalid(errors);

        var role = AuthSetup.RoleOf(http)!;
        var visible = EntityEditors.EditableBy(role);
        if (visible is not null)
        {
            if (entity is null)
                return Problem.Of(StatusCodes.Status403Forbidden, "forbidden", "Not allowed for your role",
                    $"Only admins read the whole audit trail; name a table you edit: {string.Join(", ", visible)}.",
                    [new("entity", Rules.Role, "Name a table you edit.")]);
            if (!visible.Contains(entity))
                return Problem.Of(StatusCodes.Status403Forbidden, "forbidden", "Not allowed for your role",
                    $"Role {role} does not edit {entity}, so it may not read its audit trail.",
                    [new("entity", Rules.Role, $"Role {role} may not read the audit trail of {entity}.")]);
        }

        var rows = await AuditQueries.ListAsync(db, new AuditFilter(entity, id, user, since, visible, limit), ct);
        return TypedResults.Ok(new AuditPage([.. rows.Select(r => new AuditItem(r.Id, r.Entity, r.EntityId, r.EntityCode, r.Op,
            Json(r.OldValues), Json(r.NewValues), r.ChangedBy, DateTime.SpecifyKind(r.ChangedAt, DateTimeKind.Utc), r.RowCount, r.EntityIds))],
            rows.Count, limit));
    }

    /// <summary>A query value given at most once (a repeated parameter is an error, not a silent join).</summary>
    static string? One(IQueryCollection q, string name, List<FieldError> errors)
    {
        if (!q.TryGetValue(name, out StringValues v) || v.Count == 0) return null;
        if (v.Count > 1)
        {
            errors.Add(new(name, Rules.Repeated, $"{name} may be given once."));
            return null;
        }
        var s = v[0];
        if (string.IsNullOrEmpty(s)) return null;
        if (s.Length > 256)
        {
            errors.Add(new(name, Rules.MaxLength, $"{name} is too long."));
            return null;
        }
        return s;
    }

    static JsonElement? Json(string? text) => text is null ? null : JsonSerializer.Deserialize<JsonElement>(text);
}

public sealed record AuditPage(IReadOnlyList<AuditItem> Items, int Count, int Limit);

/// <summary>One change: the row's old and new values as JSON, who made it and when (UTC); a bulk statement has row_count and entity_ids.</summary>
public sealed record AuditItem(long Id, string Entity, long? EntityId, string? EntityCode, string Op, JsonElement? OldValues, JsonElement? NewValues,
    string ChangedBy, DateTime ChangedAt, long RowCount, string? EntityIds);
