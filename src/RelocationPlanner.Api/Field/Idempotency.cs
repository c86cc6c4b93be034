using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Field;

namespace RelocationPlanner.Api.Field;

/// <summary>
/// Idempotency-Key for the field's queue: the first answer to a key is stored with the key, the
/// endpoint, the caller and the SHA-256 of the body, in the same transaction as the change it
/// answers. The same key with the same body gets that answer again (same status, same bytes); with
/// another body, another endpoint or another caller, 409. A refused request stores nothing, the key included.
/// </summary>
public static partial class Idempotency
{
    public const string Header = "Idempotency-Key";

    [GeneratedRegex("^[A-Za-z0-9_-]{8,128}$")]
    private static partial Regex KeyFormat();

    /// <summary>The key, or a problem: a missing key when <paramref name="required"/>, a malformed one always.</summary>
    public static (string? Key, IResult? Problem) Read(HttpContext http, bool required)
    {
        var values = http.Request.Headers[Header];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
            return required ? (null, Problem.Invalid(Header, Rules.Required, $"The {Header} header is required: one UUID per change, the same when it is sent again.")) : (null, null);
        if (values.Count > 1 || !KeyFormat().IsMatch(values[0]!))
            return (null, Problem.Invalid(Header, Rules.IdempotencyKey, $"{Header} is 8-128 characters of A-Z, a-z, 0-9, '-' and '_' (a UUID)."));
        return (values[0], null);
    }

    /// <summary>The stored answer to the key (as it was), a 409 when the key was used for something else, or null when it is new.</summary>
    public static async Task<IResult?> ReplayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key, string endpoint, string user, byte[] hash, CancellationToken ct)
    {
        if (await IdempotencyStore.LockAndFindAsync(conn, tx, key, ct) is not { } stored) return null;
        if (stored.Endpoint == endpoint && stored.UserName == user && stored.BodySha256.AsSpan().SequenceEqual(hash))
            return Results.Content(stored.Response, "application/json", Encoding.UTF8, stored.Status);
        return Problem.Conflict([new FieldError(Header, Rules.IdempotencyKeyReused,
            $"{Header} {key} was already used for another request; a new change needs a new key.")],
            "This Idempotency-Key was used with another body; nothing was changed.");
    }

    /// <summary>Stores the answer with the key (in the caller's transaction) and returns it.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, NpgsqlConnection conn, NpgsqlTransaction tx, string? key, string endpoint,
        string user, byte[] hash, int status, object body, CancellationToken ct)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var json = JsonSerializer.Serialize(body, options);
        if (key is not null) await IdempotencyStore.StoreAsync(conn, tx, key, endpoint, user, hash, status, json, ct);
        return Results.Content(json, "application/json", Encoding.UTF8, status);
    }
}
