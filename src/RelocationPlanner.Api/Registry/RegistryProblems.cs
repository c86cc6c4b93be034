using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Api.Registry;

/// <summary>Registry outcomes as problem+json (through the shared catalogue in Problems/Problem.cs).</summary>
static class RegistryProblems
{
    public static ProblemHttpResult Failure<T>(RegistryResult<T> r) => r.Failure switch
    {
        RegistryFailure.Conflict => Problem.Conflict(r.Errors, r.Errors[0].Message),
        RegistryFailure.NotFound => Problem.NotFound(r.Errors[0].Message),
        RegistryFailure.Stale => Problem.PreconditionFailed(r.Errors),
        RegistryFailure.Unprocessable => Problem.Of(StatusCodes.Status422UnprocessableEntity, "rule", "A data rule was broken", r.Errors[0].Message, r.Errors),
        _ => Problem.Invalid(r.Errors),
    };

    /// <summary>An import refused as a whole: every error carries its file line as <c>row</c>.</summary>
    public static ProblemHttpResult ImportRejected(ImportOutcome o) => ImportRejected(o.Errors, o.ErrorCount);

    /// <summary>Any CSV import of the registry's refused as a whole (households, employment, reported figures).</summary>
    public static ProblemHttpResult ImportRejected(IReadOnlyList<RowError> errors, long errorCount)
    {
        var detail = $"{errorCount} problem(s) in the file; nothing was imported." +
            (errorCount > errors.Count ? $" The first {errors.Count} are listed." : "");
        var status = errors.All(e => e.Rule == "unique") ? StatusCodes.Status409Conflict
            : errors.Any(e => e.Rule is "reference") && errors.All(e => e.Rule is "reference" or "unique") ? StatusCodes.Status422UnprocessableEntity
            : StatusCodes.Status400BadRequest;
        var first = errors[0];
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => new { row = e.Row, field = e.Field, rule = e.Rule, message = e.Message }).ToList(),
            ["field"] = first.Field,
            ["row"] = first.Row,
            ["error_count"] = errorCount,
        };
        return TypedResults.Problem(detail: detail, statusCode: status, title: "Import refused",
            type: "https://relocation-planner.example/problems/import-refused", extensions: extensions);
    }
}
