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

namespace RelocationPlanner.Api.Registry;

/// <summary>
/// The relocation registry, subsidy ledger and settled-rate reports (issue 5). Every write is
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

        writes.MapPost("/households", Create).WithName("CreateHousehold");
        writes.MapPost("/households/import", Import).WithName("ImportHouseholds");
        writes.MapPost("/households/{code}/milestones", AddMilestone).WithName("AddMilestone");
        personal.MapGet("/households", List).WithName("ListHouseholds");
        personal.MapGet("/households/{code}", Get).WithName("GetHousehold");

        SubsidiesApi.Map(writes, reads, personal);
        ReportsApi.Map(reads);
        return app;
    }

    /// <summary>Registry bodies are flat records: 32 levels is plenty.</summary>
    internal const int MaxJsonDepth = 32;

    static async Task<IResult> Create(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
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
        return Results.Created($"/api/households/{Uri.EscapeDataString(input.Code)}", new { household = stored, warnings = Warnings(HouseholdRules.Warnings(input)) });
    }

    /// <summary>One household with its ETag (the row version), which a partial update sends back in If-Match.</summary>
    static async Task<IResult> Get(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await RegistryStore.GetAsync(db, code, ct) is not { } h) return Problem.NotFound($"No household {code}.");
        http.Response.Headers.ETag = ETag.Of(h.Version);
        return Results.Ok(h);
    }

    /// <summary>?unit=&amp;site=&amp;status=&amp;q=&amp;flag=&amp;after=&amp;limit=; the first page also answers total_households and total_people.</summary>
    static async Task<IResult> List(NpgsqlDataSource db, string? unit, string? site, string? status, string? q, string? flag, string? after, int? limit, CancellationToken ct)
    {
        if (status is not null && status != "none" && Milestones.Rank(status) == 0)
            return Problem.Invalid("status", Rules.Enum, $"status is the latest milestone: none, {string.Join(", ", Milestones.All)}.");
        if (!string.IsNullOrWhiteSpace(flag) && !ComplianceRules.All.Contains(flag))
            return Problem.Invalid("flag", Rules.Enum, $"flag is a compliance rule: {string.Join(", ", ComplianceRules.All)}.");
        if (q is { Length: > 100 }) return Problem.Invalid("q", Rules.Range, "q is at most 100 characters.");
        if (limit is < 1 or > 1000) return Problem.Invalid("limit", Rules.Range, "limit is 1-1000 (default 100).");
        var n = limit ?? 100;
        var page = await RegistryStore.ListAsync(db, new HouseholdFilter(Empty(unit), Empty(site), Empty(status), Empty(q), Empty(flag)), Empty(after), n, ct);
        var rows = page.Households;
        return Results.Ok(new { households = rows, next_after = rows.Count == n ? rows[^1].Code : null, total_households = page.TotalHouseholds, total_people = page.TotalPeople });
    }

    static async Task<IResult> AddMilestone(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
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
        return Results.Created($"/api/households/{Uri.EscapeDataString(code)}", result.Value);
    }

    /// <summary>A 415 problem unless the body is declared as CSV (text/*, *csv*, or octet-stream); null when it is.</summary>
    internal static IResult? RefuseNonCsv(HttpContext http)
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

    static async Task<IResult> Import(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (RefuseNonCsv(http) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        using var reader = CsvBody(http);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await HouseholdImport.ImportAsync(conn, tx, reader, ct);
        if (outcome.ErrorCount > 0) return RegistryProblems.ImportRejected(outcome);
        await tx.CommitAsync(ct);
        return Results.Ok(new { imported = outcome.Imported, people = outcome.People, milestones = outcome.Milestones, seconds = Math.Round(started.Elapsed.TotalSeconds, 3), errors = Array.Empty<object>() });
    }

    internal static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    internal static IEnumerable<object> Warnings(IEnumerable<FieldError> w) => w.Select(e => new { field = e.Field, rule = e.Rule, message = e.Message });
}
