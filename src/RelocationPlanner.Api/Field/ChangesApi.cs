using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Api.Registry;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Field;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Field;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Data.Registry;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Field;

/// <summary>
/// The field app's queue arriving: one change per request under an Idempotency-Key, judged by
/// <see cref="ChangeRules"/> (applied, or kept as a conflict for an officer), and the officer's
/// accept / reject of those conflicts.
/// </summary>
static class ChangesApi
{
    const string Endpoint = "POST /api/field/changes";
    const int MaxBodyBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder officers, RouteGroupBuilder personal)
    {
        officers.MapPost("/field/changes", Post).WithName("PostFieldChange").ReadsJson<FieldChangeBody>().Produces<ChangeApplied>(StatusCodes.Status201Created).Produces<ChangeConflict>(StatusCodes.Status202Accepted).Refuses(403, 404, 409, 413, 422);
        officers.MapPost("/field/conflicts/{id:long}/accept", (long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => Resolve(id, true, http, db, ct)).WithName("AcceptFieldConflict").ReadsOptionalJson<EmptyBody>().Refuses(404, 409);
        officers.MapPost("/field/conflicts/{id:long}/reject", (long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => Resolve(id, false, http, db, ct)).WithName("RejectFieldConflict").ReadsOptionalJson<EmptyBody>().Refuses(404, 409);
        personal.MapGet("/households/{code}/conflicts", List).WithName("ListHouseholdConflicts").Refuses(404);
    }

    static async Task<IResult> Post(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var (key, keyProblem) = Idempotency.Read(http, required: true);
        if (keyProblem is not null) return keyProblem;
        // The raw body is hashed (the key's "same body" test) and then read by the one JSON reader.
        if (http.Request.ContentLength > MaxBodyBytes) return TooLarge();
        http.Request.EnableBuffering(MaxBodyBytes);
        var raw = new MemoryStream();
        await http.Request.Body.CopyToAsync(raw, ct);
        if (raw.Length > MaxBodyBytes) return TooLarge();
        var hash = SHA256.HashData(raw.GetBuffer().AsSpan(0, (int)raw.Length));
        http.Request.Body.Position = 0;
        using var doc = await JsonBody.ReadAsync(http, FieldApi.MaxJsonDepth, ct);
        var (change, errors) = ChangeReader.Read(doc.RootElement, DateTimeOffset.UtcNow);
        var user = FeaturesApi.UserOf(http);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, user, ct);
        if (await Idempotency.ReplayAsync(conn, tx, key!, Endpoint, user, hash, ct) is { } replay) return replay;
        if (change is null) return Problem.Invalid(errors);

        var package = await FieldPackageStore.GetAsync(conn, tx, change.PackageId, ct);
        if (package is null) return Unprocessable("package_id", Rules.Reference, $"No package {change.PackageId}.");
        if (package.CreatedBy != user && AuthSetup.RoleOf(http) != Roles.Admin)
            return Forbidden("package_id", Rules.NotYours, $"Package {package.Id} belongs to {package.CreatedBy}; download your own.");
        if (package.ExpiresAt < DateTime.UtcNow)
            return Unprocessable("package_id", Rules.Expired, $"Package {package.Id} expired at {package.ExpiresAt:u}; download a new one.");
        var household = await FieldChangeStore.LockHouseholdAsync(conn, tx, change.HouseholdCode, ct);
        if (household is null || !package.HouseholdIds.Contains(household.Id))
            return Forbidden("household_code", Rules.OutsidePackage, $"Household {change.HouseholdCode} is not in package {package.Id}: only its households may be changed from the field.");
        if (change.BaseVersion > household.Version)
            return Unprocessable("base_version", Rules.Range, $"Household {household.Code} is at version {household.Version}; base_version {change.BaseVersion} was never issued.");
        if (change.EvidenceIds.Length > 0 && await EvidenceStore.NotOfHouseholdAsync(conn, tx, household.Id, change.EvidenceIds, ct) is [var alien, ..])
            return Unprocessable("evidence_ids", Rules.Reference, $"Evidence {alien} is not a photo of household {household.Code}.");

        var judged = change.Kind == ChangeReader.Milestone
            ? await ApplyStepAsync(conn, tx, household, change, accept: false, ct)
            : await ApplyResultAsync(conn, tx, household, change, accept: false, ct);
        if (judged.Problem is not null) return judged.Problem;
        var status = judged.Verdict.Outcome == Outcome.Conflict ? "conflict" : "applied";
        var changeId = await FieldChangeStore.InsertChangeAsync(conn, tx, key!, package.Id, household.Id, change.Kind,
            doc.RootElement.GetRawText(), change.BaseVersion, status, change.Position?.Lon, change.Position?.Lat, ct);
        object body;
        int code;
        if (judged.Verdict.Outcome == Outcome.Conflict)
        {
            var conflictId = await FieldChangeStore.InsertConflictAsync(conn, tx, changeId, household.Id, judged.Server!, judged.Verdict.Reason!, ct);
            body = new ChangeConflict(status, conflictId, changeId, household.Code, judged.Version, judged.Verdict.Reason, judged.Verdict.Message,
                JsonDocument.Parse(judged.Server!).RootElement);
            code = StatusCodes.Status202Accepted;
        }
        else
        {
            body = new ChangeApplied(status, changeId, household.Code, judged.Version, judged.Verdict.Outcome == Outcome.AlreadyRecorded);
            code = StatusCodes.Status201Created;
        }
        var answer = await Idempotency.AnswerAsync(http, conn, tx, key, Endpoint, user, hash, code, body, ct);
        await tx.CommitAsync(ct);
        return answer;
    }

    /// <summary>The verdict, the household's version after it, what the server holds (for a conflict), or a refusal.</summary>
    sealed record Judged(Verdict Verdict, int Version, string? Server, ProblemHttpResult? Problem = null);

    /// <summary>
    /// A step observed in the field: a milestone is appended (milestones are never changed); an
    /// old-house step sets the household's fact. With <paramref name="accept"/> (an officer accepting
    /// a conflict) a fact recorded differently is overwritten; a milestone recorded differently
    /// cannot be, and is refused.
    /// </summary>
    static async Task<Judged> ApplyStepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LockedHousehold h, FieldChange c, bool accept, CancellationToken ct)
    {
        var facts = new Dictionary<string, DateOnly?> { [FieldSteps.OldHouseDemolished] = h.OldHouseDemolishedOn, [FieldSteps.HomesteadReclaimed] = h.HomesteadReclaimedOn };
        var milestones = h.MilestoneList();
        var verdict = ChangeRules.Judge(milestones, facts, c.Step!, c.Date!.Value);
        var fact = FieldSteps.FactOf(c.Step!);
        if (verdict.Outcome == Outcome.AlreadyRecorded) return new(verdict, h.Version, null);
        if (verdict.Outcome == Outcome.Conflict && !(accept && fact is not null))
        {
            if (accept)
                return new(verdict, h.Version, null, Problem.Conflict([new FieldError("step", Rules.AppendOnly,
                    $"{verdict.Message} Milestones are append-only: the registry keeps what it holds; reject this conflict instead.")]));
            var held = fact is not null ? facts[c.Step!] : milestones.Where(m => m.Milestone == c.Step).Select(m => (DateOnly?)m.Date).FirstOrDefault();
            return new(verdict, h.Version, ServerState(h, c.Step!, held, milestones, facts));
        }
        if (fact is not null)
        {
            var patched = await HouseholdFactsStore.PatchAsync(conn, tx, h.Code, h.Version, new Dictionary<string, object?> { [fact] = c.Date }, ct);
            if (patched.Ok) return new(new Verdict(Outcome.Apply), patched.Value!.Version, null);
            // The programme's rules refuse it (an exempt house, a homestead reclaimed before demolition): the server disagrees.
            var broken = new Verdict(Outcome.Conflict, ChangeRules.FactRule, patched.Errors[0].Message);
            return accept ? new(broken, h.Version, null, RegistryProblems.Failure(patched)) : new(broken, h.Version, ServerState(h, c.Step!, facts[c.Step!], milestones, facts));
        }
        var added = await RegistryStore.AddMilestoneAsync(conn, tx, h.Code, c.Step!, c.Date!.Value, ct);
        if (!added.Ok) return new(verdict, h.Version, null, RegistryProblems.Failure(added));
        return new(verdict, await FieldChangeStore.TouchAsync(conn, tx, h.Id, ct), null);
    }

    static string ServerState(LockedHousehold h, string step, DateOnly? held, List<(string Milestone, DateOnly Date)> milestones, Dictionary<string, DateOnly?> facts)
    {
        var all = FieldSteps.Shown.ToDictionary(s => s, s => (string?)null);
        foreach (var (m, d) in milestones) all[m] = d.ToString("yyyy-MM-dd");
        foreach (var (f, d) in facts) all[f] = d?.ToString("yyyy-MM-dd");
        return JsonSerializer.Serialize(new Dictionary<string, object?> { ["step"] = step, ["date"] = held?.ToString("yyyy-MM-dd"), ["milestones"] = all, ["version"] = h.Version });
    }

    /// <summary>An inspector's finding: stored once per sampled household; another finding later is a conflict (accepting it replaces the first).</summary>
    static async Task<Judged> ApplyResultAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LockedHousehold h, FieldChange c, bool accept, CancellationToken ct)
    {
        var state = await InspectionStore.ResultAsync(conn, tx, c.InspectionId!.Value, h.Id, ct);
        if (state is null)
            return new(new Verdict(Outcome.Conflict), h.Version, null, Unprocessable("household_code", Rules.NotSampled,
                $"Household {h.Code} is not in inspection {c.InspectionId}'s sample."));
        var verdict = state.ResultId is null || accept ? new Verdict(Outcome.Apply) : ChangeRules.JudgeResult(state.Outcome!, state.Fields, c.Outcome!, c.Fields);
        if (verdict.Outcome == Outcome.Apply)
            await InspectionStore.UpsertResultAsync(conn, tx, c.InspectionId.Value, h.Id, c.Outcome!, c.Fields, c.Note, c.EvidenceIds, ct);
        var server = verdict.Outcome == Outcome.Conflict
            ? JsonSerializer.Serialize(new { outcome = state.Outcome, fields = state.Fields, note = state.Note, recorded_by = state.RecordedBy })
            : null;
        return new(verdict, h.Version, server);
    }

    static async Task<Results<Ok<ConflictList>, ProblemHttpResult>> List(string code, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await RegistryStore.GetAsync(conn, null, code, ct) is null) return Problem.NotFound($"No household {code}.");
        return TypedResults.Ok(new ConflictList(code, await FieldChangeStore.ListAsync(conn, null, code, null, ct)));
    }

    /// <summary>An officer's decision: accept applies the field's change (if it still can be), reject keeps the server's record.</summary>
    static async Task<Results<Ok<ConflictRow>, ProblemHttpResult>> Resolve(long id, bool accept, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        string? note = null;
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            using var doc = await JsonBody.ReadAsync(http, FieldApi.MaxJsonDepth, ct);
            var e = new List<FieldError>();
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body, when given, is {\"reason\": \"...\"}.");
            note = FieldJson.Text(doc.RootElement, "reason", e, 2000);
            if (e.Count > 0) return Problem.Invalid(e);
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var status = await FieldChangeStore.LockConflictAsync(conn, tx, id, ct);
        if (status is null) return Problem.NotFound($"No conflict {id}.");
        if (status != "open") return Problem.Conflict([new FieldError("id", Rules.Resolved, $"Conflict {id} was already {status}.")], $"Conflict {id} was already {status}.");
        var row = (await FieldChangeStore.ListAsync(conn, tx, null, id, ct))[0];
        if (accept)
        {
            var (change, errors) = ChangeReader.Read(row.Change, DateTimeOffset.UtcNow);
            if (change is null) return Problem.Invalid(errors);
            var household = (await FieldChangeStore.LockHouseholdAsync(conn, tx, row.HouseholdCode, ct))!;
            var judged = change.Kind == ChangeReader.Milestone
                ? await ApplyStepAsync(conn, tx, household, change, accept: true, ct)
                : await ApplyResultAsync(conn, tx, household, change, accept: true, ct);
            if (judged.Problem is not null) return judged.Problem;
        }
        await FieldChangeStore.ResolveAsync(conn, tx, id, accept ? "accepted" : "rejected", note, ct);
        var resolved = (await FieldChangeStore.ListAsync(conn, tx, null, id, ct))[0];
        await tx.CommitAsync(ct);
        return TypedResults.Ok(resolved);
    }

    static ProblemHttpResult TooLarge() => Problem.Of(StatusCodes.Status413PayloadTooLarge, "too-large", "Body too large",
        $"A change is at most {MaxBodyBytes / 1024} KB.", [new FieldError("$", Rules.MaxSize, $"A change is at most {MaxBodyBytes / 1024} KB.")]);

    internal static ProblemHttpResult Forbidden(string field, string rule, string message) =>
        Problem.Of(StatusCodes.Status403Forbidden, "forbidden", "Not yours to change", message, [new FieldError(field, rule, message)]);

    internal static ProblemHttpResult Unprocessable(string field, string rule, string message) =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "rule", "Refused", message, [new FieldError(field, rule, message)]);
}
