using RelocationPlanner.Api.Auth;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Registry;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Registry;

/// <summary>
/// The relocation registry, subsidy ledger and settled-rate reports. Every write is
/// mapped on one group, so protecting them for the relocation_officer role is one line.
/// </summary>
public static class RegistryApi
{
    /// <summary>A 1M-household CSV is about 100 MB; it streams, so the bound is generous.</summary>
    public const long MaxImportBytes = 2L * 1024 * 1024 * 1024;

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        // Households, milestones and payments are relocation officers' work; names and per-household
        // figures are personal data; aggregate reports stay public reads.
        var writes = app.MapGroup("/api").WithTags("Registry writes").RequireEditorOf("households");
        var reads = app.MapGroup("/api").WithTags("Registry");
        var personal = app.MapGroup("/api").WithTags("Registry").RequirePersonalData();

        writes.MapPost("/households", Create).WithName("CreateHousehold").ReadsJson<HouseholdInput>().Refuses(409, 422);
        writes.MapPost("/households/import", Import).WithName("ImportHouseholds").ReadsCsv().Refuses(409, 422);
        writes.MapPost("/households/{code}/milestones", AddMilestone).WithName("AddMilestone").ReadsJson<MilestoneInput>().Refuses(404, 409, 422);
        personal.MapGet("/households", List).WithName("ListHouseholds").Refuses(400);
        personal.MapGet("/households/{code}", Get).WithName("GetHousehold").Refuses(404);

        SubsidiesApi.Map(writes, reads, personal);
        ReportsApi.Map(reads);
        return app;
    }

    /// <summary>Registry bodies are flat records: 32 levels is plenty.</summary>
    internal const int MaxJsonDepth = 32;

    static async Task<Results<Created<HouseholdCreated>, ProblemHttpResult>> Create(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var (input, errors) = HouseholdReader.Read(body.RootElement);
        if (input is null) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await RegistryStore.CreateAsync(conn, tx, input, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        var stored = await RegistryStore.GetAsync(db, input.Code, ct);
        return TypedResults.Created($"/api/households/{Uri.EscapeDataString(input.Code)}", new HouseholdCreated(stored!, HouseholdRules.Warnings(input).ToList()));
    }

    /// <summary>One household with its ETag (the row version), which a partial update sends back in If-Match.</summary>
    static async Task<Results<Ok<HouseholdDetail>, ProblemHttpResult>> Get(string code, HttpContext http, ReadDb read, CancellationToken ct)
    {
        if (await RegistryStore.GetAsync(read.Db, code, ct) is not { } h) return Problem.NotFound($"No household {code}.");
        http.Response.Headers.ETag = ETag.Of(h.Version);
        return TypedResults.Ok(h);
    }

    /// <summary>?unit=&amp;site=&amp;status=&amp;q=&amp;flag=&amp;after=&amp;limit=; the first page also answers total_households and total_people (a search's or a flag's count stops past 1,000: total_capped).</summary>
    static async Task<Results<Ok<HouseholdPage>, ProblemHttpResult>> List(ReadDb read, string? unit, string? site, string? status, string? q, string? flag, string? after, int? limit, CancellationToken ct)
    {
        if (status is not null && status != "none" && Milestones.Rank(status) == 0)
            return Problem.Invalid("status", Rules.Enum, $"status is the latest milestone: none, {string.Join(", ", Milestones.All)}.");
        if (!string.IsNullOrWhiteSpace(flag) && !ComplianceRules.All.Contains(flag))
            return Problem.Invalid("flag", Rules.Enum, $"flag is a compliance rule: {string.Join(", ", ComplianceRules.All)}.");
        if (q is { Length: > 100 }) return Problem.Invalid("q", Rules.Range, "q is at most 100 characters.");
        if (limit is < 1 or > 1000) return Problem.Invalid("limit", Rules.Range, "limit is 1-1000 (default 100).");
        var n = limit ?? 100;
        var page = await RegistryStore.ListAsync(read.Db, new HouseholdFilter(Empty(unit), Empty(site), Empty(status), Empty(q), Empty(flag)), Empty(after), n, ct);
        var rows = page.Households;
        return TypedResults.Ok(new HouseholdPage(rows, rows.Count == n ? rows[^1].Code : null, page.TotalHouseholds, page.TotalPeople, page.TotalCapped));
    }

    static async Task<Results<Created<MilestoneRecorded>, ProblemHttpResult>> AddMilestone(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var body = doc.RootElement;
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object.");
        var milestone = Json.String(body, "milestone", errors, required: true);
        var date = Json.Date(body, "date", errors, required: true);
        if (milestone is not null && Milestones.Rank(milestone) == 0)
            errors.Add(new("milestone", Rules.Enum, $"milestone must be one of {string.Join(", ", Milestones.All)}."));
        if (errors.Count > 0) return Problem.Invalid(errors);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var result = await RegistryStore.AddMilestoneAsync(conn, tx, code, milestone!, date!.Value, ct);
        if (!result.Ok) return RegistryProblems.Failure(result);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/households/{Uri.EscapeDataString(code)}", result.Value);
    }

    /// <summary>A 415 problem unless the body is declared as CSV (text/*, *csv*, or octet-stream); null when it is.</summary>
    internal static ProblemHttpResult? RefuseNonCsv(HttpContext http)
    {
        var type = http.Request.ContentType ?? "";
        if (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.Contains("csv", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase)) return null;
        return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
            "Send the CSV with Content-Type text/csv.", [new FieldError("Content-Type", Rules.MediaType, "Send the CSV with Content-Type text/csv.")]);
    }

    /// <summary>
    /// The request body as UTF-8 text (a byte-order mark is honoured), allowed up to
    /// <see cref="MaxImportBytes"/>: the registry's CSV imports stream it through their parsers, never whole in memory.
    /// </summary>
    internal static StreamReader CsvBody(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxImportBytes;
        return new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    static async Task<Results<Ok<HouseholdsImported>, ProblemHttpResult>> Import(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (RefuseNonCsv(http) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        using var reader = CsvBody(http);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await HouseholdImport.ImportAsync(conn, tx, reader, ct);
        if (outcome.ErrorCount > 0) return RegistryProblems.ImportRejected(outcome);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new HouseholdsImported(outcome.Imported, outcome.People, outcome.Milestones, Math.Round(started.Elapsed.TotalSeconds, 3), []));
    }

    internal static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>A stored household and what its data-quality rules noticed without refusing it.</summary>
public sealed record HouseholdCreated(HouseholdDetail Household, IReadOnlyList<FieldError> Warnings);

/// <summary>One page of households; <c>next_after</c> is the code to pass as <c>after</c> for the next (null on the last page).</summary>
/// <summary>total_capped: a search or a flag matched more than total_households households and was not counted further (total_people is then null).</summary>
public sealed record HouseholdPage(IReadOnlyList<HouseholdSummary> Households, string? NextAfter, long? TotalHouseholds, long? TotalPeople, bool TotalCapped);

/// <summary>A milestone reached on a date (the body of POST /api/households/{code}/milestones).</summary>
public sealed record MilestoneInput(string Milestone, DateOnly Date);

/// <summary>What a CSV import stored (errors is empty: a file with any error imports nothing and answers a problem).</summary>
public sealed record HouseholdsImported(long Imported, long People, long Milestones, double Seconds, IReadOnlyList<RowError> Errors);
