using Npgsql;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Problems;

/// <summary>Input refused before any handler logic (e.g. by <see cref="Hosting.JsonBody"/>): a 400 naming the field.</summary>
public sealed class InputRefusedException(FieldError error) : Exception(error.Message)
{
    public FieldError Error { get; } = error;
}

/// <summary>
/// The catalogue of problem types (RFC 7807) this service answers with, and the one place that
/// turns field errors and PostgreSQL states into them.
/// </summary>
public static class Problem
{
    const string Base = "https://relocation-planner.example/problems/";

    /// <summary>400 for malformed input; 422 when a cost limit (vertices, bytes) refused it.</summary>
    public static ProblemHttpResult Invalid(IEnumerable<FieldError> errors, string detail = "The request has invalid fields; nothing was changed.")
    {
        var list = errors.ToList();
        return list.Any(e => Rules.IsLimit(e.Rule))
            ? Of(StatusCodes.Status422UnprocessableEntity, "limit-exceeded", "Over a size limit", "The input is larger than this service takes; nothing was changed.", list)
            : Of(StatusCodes.Status400BadRequest, "invalid-input", "Invalid input", detail, list);
    }

    public static ProblemHttpResult Invalid(string field, string rule, string message) =>
        Invalid([new FieldError(field, rule, message)], message);

    public static ProblemHttpResult Conflict(IEnumerable<FieldError> errors, string detail = "The request conflicts with stored data; nothing was changed.") =>
        Of(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, errors);

    public static ProblemHttpResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, "not-found", "Not found", what, []);

    public static ProblemHttpResult PreconditionFailed(IEnumerable<FieldError> errors) =>
        Of(StatusCodes.Status412PreconditionFailed, "stale-etag", "The resource has changed", "If-Match does not match the current version; nothing was changed.", errors);

    public static ProblemHttpResult PreconditionRequired() =>
        Of(StatusCodes.Status428PreconditionRequired, "if-match-required", "If-Match required",
            "Send the ETag you read in an If-Match header, so that nobody's change is overwritten unseen.",
            [new FieldError("If-Match", Rules.Required, "The If-Match header is required for this write.")]);

    /// <summary>
    /// Scoring stopped at its time budget: 422, because the cost comes from the input (a geometry,
    /// a grid) and the same request would be stopped again; <paramref name="site"/> names the site
    /// being scored (index and code) when there was one.
    /// </summary>
    public static ProblemHttpResult TimeBudget(FieldError error, object? site) =>
        Of(StatusCodes.Status422UnprocessableEntity, "scoring-time-budget", "Scoring took too long", error.Message, [error],
            site is null ? null : new Dictionary<string, object?> { ["site"] = site });

    /// <summary>400 for one malformed value, with extra members (e.g. a CQL2 filter's <c>position</c>).</summary>
    public static ProblemHttpResult Invalid(FieldError error, IReadOnlyDictionary<string, object?> extra) =>
        Of(StatusCodes.Status400BadRequest, "invalid-input", "Invalid input", error.Message, [error], extra);

    public static ProblemHttpResult Of(int status, string type, string title, string detail, IEnumerable<FieldError> errors,
        IReadOnlyDictionary<string, object?>? extra = null)
    {
        var list = errors.ToList();
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = list.Select(e => new { field = e.Field, rule = e.Rule, message = e.Message }).ToList(),
        };
        if (list.Count > 0) extensions["field"] = list[0].Field;
        foreach (var (k, v) in extra ?? new Dictionary<string, object?>()) extensions[k] = v;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Base + type, extensions: extensions);
    }

    /// <summary>Maps what PostgreSQL refused to a problem: unique 409, foreign key and check 422.</summary>
    public static (int Status, string Type, string Title, FieldError Error)? FromPostgres(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => (409, "conflict", "Conflict", new FieldError(e.ColumnName ?? e.ConstraintName ?? "?", Rules.Unique, "A record with this key already exists.")),
        PostgresErrorCodes.ForeignKeyViolation => (422, "reference", "Unknown or still-referenced record", new FieldError(e.ConstraintName ?? "?", Rules.ForeignKey, e.Detail ?? e.MessageText)),
        PostgresErrorCodes.CheckViolation => (422, "rule", "A data rule was broken", new FieldError(e.ConstraintName ?? "?", Rules.Check, $"The stored data would break rule {e.ConstraintName}.")),
        PostgresErrorCodes.SerializationFailure => (409, "conflict", "Concurrent change", new FieldError("$", Rules.Serialization, "Another change happened at the same time; try again.")),
        _ => null,
    };
}
