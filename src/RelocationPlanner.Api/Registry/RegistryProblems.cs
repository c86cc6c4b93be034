using RelocationPlanner.Api.Problems;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Api.Registry;

/// <summary>Registry outcomes as problem+json (through the shared catalogue in Problems/Problem.cs).</summary>
static class RegistryProblems
{
    public static IResult Failure<T>(RegistryResult<T> r) => r.Failure switch
    {
        RegistryFailure.Conflict => Problem.Conflict(r.Errors, r.Errors[0].Message),
        RegistryFailure.NotFound => Problem.NotFound(r.Errors[0].Message),
        RegistryFailure.Unprocessable => Problem.Of(StatusCodes.Status422UnprocessableEntity, "rule", "A data rule was broken", r.Errors[0].Message, r.Errors),
        _ => Problem.Invalid(r.Errors),
    };

    /// <summary>An import refused as a whole: every error carries its file line as <c>row</c>.</summary>
    public static IResult ImportRejected(ImportOutcome o)
    {
        var detail = $"{o.ErrorCount} problem(s) in the file; nothing was imported." +
            (o.ErrorCount > o.Errors.Count ? $" The first {o.Errors.Count} are listed." : "");
        var status = o.Errors.All(e => e.Rule == "unique") ? StatusCodes.Status409Conflict
            : o.Errors.Any(e => e.Rule is "reference") && o.Errors.All(e => e.Rule is "reference" or "unique") ? StatusCodes.Status422UnprocessableEntity
            : StatusCodes.Status400BadRequest;
        var first = o.Errors[0];
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = o.Errors.Select(e => new { row = e.Row, field = e.Field, rule = e.Rule, message = e.Message }).ToList(),
            ["field"] = first.Field,
            ["row"] = first.Row,
            ["error_count"] = o.ErrorCount,
        };
        return Results.Problem(detail: detail, statusCode: status, title: "Import refused",
            type: "https://relocation-planner.example/problems/import-refused", extensions: extensions);
    }
}
