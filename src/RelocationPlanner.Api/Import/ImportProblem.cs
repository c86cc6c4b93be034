using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Import;

namespace RelocationPlanner.Api.Import;

/// <summary>
/// problem+json for a refused import: the file's name, and per row {row, field, rule, message}
/// (field as features[i].x, i = row - 1, like GeoJSON body imports). Nothing was imported.
/// </summary>
public static class ImportProblem
{
    const string Base = "https://relocation-planner.example/problems/";

    public static ProblemHttpResult Of(ImportFailedException e)
    {
        var (status, type, title) = e.Kind switch
        {
            ImportFailure.Conflict => (StatusCodes.Status409Conflict, "conflict", "Conflict"),
            ImportFailure.Unreadable => (StatusCodes.Status422UnprocessableEntity, "unreadable-file", "The file cannot be read"),
            ImportFailure.Unsupported => (StatusCodes.Status415UnsupportedMediaType, "unsupported-format", "Unsupported file format"),
            ImportFailure.TooLarge => (StatusCodes.Status413PayloadTooLarge, "too-large", "The file unpacks past the import limits"),
            _ when e.Errors.Any(x => Rules.IsLimit(x.Rule)) => (StatusCodes.Status422UnprocessableEntity, "limit-exceeded", "Over a size limit"),
            _ => (StatusCodes.Status400BadRequest, "invalid-input", "Invalid input"),
        };
        var errors = e.Errors.Select(x => new
        {
            row = x.Row,
            field = x.Row <= 0 || x.Field == "file" ? x.Field : x.Field == "$" ? $"features[{x.Row - 1}]" : $"features[{x.Row - 1}].{x.Field}",
            rule = x.Rule,
            message = x.Message,
        }).ToList();
        var extensions = new Dictionary<string, object?> { ["file"] = e.File, ["errors"] = errors };
        if (errors.Count > 0) { extensions["field"] = errors[0].field; extensions["row"] = errors[0].row; }
        return TypedResults.Problem(detail: e.Message.EndsWith("nothing was imported.", StringComparison.Ordinal) ? e.Message : e.Message + " Nothing was imported.",
            statusCode: status, title: title, type: Base + type, extensions: extensions);
    }
}
