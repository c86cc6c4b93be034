using RelocationPlanner.Core.Features;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using RelocationPlanner.Api.Problems;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// The one exception handler: known failures become problem+json with the field at fault;
/// anything else is a 500 with a correlation id that is also in the log (never a stack trace).
/// </summary>
sealed class ErrorHandling(ILogger<ErrorHandling> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        IResult result;
        switch (exception)
        {
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                result = Problem.Of(413, "payload-too-large", "Payload too large", "The request body is larger than this endpoint accepts.",
                    [new("$", Rules.MaxSize, bad.Message)]);
                break;
            case BadHttpRequestException bad:
                result = Problem.Of(bad.StatusCode, "bad-request", "Bad request", bad.Message, [new("$", Rules.Request, bad.Message)]);
                break;
            case System.Text.Json.JsonException json:
                result = Problem.Invalid("$", Core.Features.Rules.Json, $"The body is not valid JSON: {json.Message}");
                break;
            case InputRefusedException refused:
                result = Problem.Invalid([refused.Error], refused.Error.Message);
                break;
            case PostgresException pg when Problem.FromPostgres(pg) is { } p:
                result = Problem.Of(p.Status, p.Type, p.Title, p.Error.Message, [p.Error]);
                break;
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return true;
            default:
                var id = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
                log.LogError(exception, "Unhandled error {CorrelationId} on {Method} {Path}", id, http.Request.Method, http.Request.Path);
                result = Results.Problem(statusCode: 500, title: "Internal error", type: "https://relocation-planner.example/problems/internal",
                    detail: $"Something went wrong on our side. Quote correlation id {id} when you report it.",
                    extensions: new Dictionary<string, object?> { ["correlation_id"] = id });
                break;
        }
        await result.ExecuteAsync(http);
        return true;
    }
}
