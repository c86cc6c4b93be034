using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Field;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Field;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Api.Field;

/// <summary>
/// Inspection by sampling: a reproducible stratified sample (<see cref="Sampling"/>) stored with
/// who drew it and when; results arrive as inspection_result changes; the report's figures and the
/// counties whose settled rate the sample contradicts come from <see cref="InspectionReport"/>.
/// </summary>
static class InspectionsApi
{
    public const int MaxSample = 10_000;
    const string NoStratum = "all";

    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder personal)
    {
        app.MapPost("/api/inspections", Draw).WithName("DrawInspection").WithTags("Field work").RequireRoles().ReadsJson<InspectionRequest>().Refuses(404, 422);
        personal.MapGet("/inspections/{id:long}", Get).WithName("GetInspection").Refuses(404);
        personal.MapGet("/inspections/{id:long}/report", Report).WithName("InspectionReport").Refuses(404);
    }

    static async Task<Results<Created<InspectionDocument>, ProblemHttpResult>> Draw(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, FieldApi.MaxJsonDepth, ct);
        var o = doc.RootElement;
        if (o.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object.");
        var e = new List<FieldError>();
        var unit = Json.String(o, "unit_code", e, true);
        var n = FieldJson.Long(o, "households", e, false, 1, MaxSample);
        var rate = FieldJson.Number(o, "rate", e, false);
        if (rate is not null and (<= 0 or > 1)) e.Add(new("rate", Rules.Range, "rate is a fraction in (0, 1]."));
        if (e.Count == 0 && (n is null) == (rate is null)) e.Add(new("households", Rules.OneOf, "Give households (a number) or rate (a fraction), one of them."));
        var stratify = Json.String(o, "stratify_by", e, false);
        if (stratify is not null and not ("county" or "site")) e.Add(new("stratify_by", Rules.Enum, "stratify_by is county, site or null."));
        var seed = FieldJson.Long(o, "seed", e, true, 0, 1L << 53);
        if (e.Count > 0) return Problem.Invalid(e);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        if (await FieldPackageStore.MissingReferenceAsync(conn, tx, unit, null, null, ct) is { } missing)
            return ChangesApi.Unprocessable(missing.Field, missing.Rule, missing.Message);
        var population = await InspectionStore.PopulationAsync(conn, tx, unit!, ct);
        if (population.Count == 0) return ChangesApi.Unprocessable("unit_code", Rules.Empty, $"No registered household in {unit} to sample.");
        string StratumOf(PopulationRow r) => stratify switch { "county" => r.CountyCode ?? "(none)", "site" => r.SiteCode ?? "(none)", _ => NoStratum };
        var byCode = population.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var size = n is { } k ? (int)k : Sampling.SizeForRate(population.Count, rate!.Value);
        var draws = Sampling.Draw([.. population.Select(r => new SampleUnit(r.Code, StratumOf(r)))], size, seed!.Value);
        var sample = draws.SelectMany(d => d.Households.Select(c => (byCode[c], d.Stratum))).ToList();
        var requested = JsonSerializer.Serialize(new { unit_code = unit, households = n, rate, stratify_by = stratify, seed });
        var id = await InspectionStore.InsertAsync(conn, tx, unit!, seed.Value, stratify, requested, population.Count, sample, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/inspections/{id}", await DocumentAsync(conn, id, ct));
    }

    static async Task<InspectionDocument?> DocumentAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        if (await InspectionStore.GetAsync(conn, id, ct) is not { } i) return null;
        var rows = await InspectionStore.HouseholdsAsync(conn, id, ct);
        return new InspectionDocument(i.Id, i.UnitCode, i.Seed, i.StratifyBy, i.Requested, i.DrawnBy, i.DrawnAt, i.Population,
            [.. rows.Select(r => r.Code)],
            [.. rows.GroupBy(r => r.Stratum).Select(g => new InspectionStratum(g.Key, g.Count(), [.. g.Select(r => r.Code)]))],
            [.. rows.Where(r => r.Outcome is not null).Select(r => new InspectionResult(r.Code, r.Outcome, r.Fields, r.Note, r.EvidenceIds ?? [], r.RecordedBy, r.RecordedAt))]);
    }

    static async Task<Results<Ok<InspectionDocument>, ProblemHttpResult>> Get(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await DocumentAsync(conn, id, ct) is { } d ? TypedResults.Ok(d) : Problem.NotFound($"No inspection {id}.");
    }

    static async Task<Results<Ok<InspectionReportView>, ProblemHttpResult>> Report(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await InspectionStore.GetAsync(conn, id, ct) is not { } i) return Problem.NotFound($"No inspection {id}.");
        var rows = (await InspectionStore.HouseholdsAsync(conn, id, ct))
            .Select(r => new SampledHousehold(r.Code, r.Stratum, r.CountyCode, r.Settled, r.Outcome, r.Fields)).ToList();
        // The counties' settled rates as the registry reported them on the day the sample was drawn.
        var asOf = DateOnly.FromDateTime(i.DrawnAt.AddHours(8));
        var reportedRows = await RegistryReports.SettledRatesAsync(db, "county", asOf, i.UnitCode, ct);
        var reported = reportedRows.Where(r => r.UnitCode is not null).ToDictionary(r => r.UnitCode!, r => (double)r.DeemedSettledRate, StringComparer.Ordinal);
        var names = reportedRows.Where(r => r.UnitCode is not null).ToDictionary(r => r.UnitCode!, r => r.UnitName, StringComparer.Ordinal);
        var counties = InspectionReport.Counties(rows, reported);
        return TypedResults.Ok(new InspectionReportView(i.Id, i.UnitCode, i.StratifyBy, i.DrawnAt, asOf,
            [.. rows.GroupBy(r => r.Stratum).Select(g => InspectionReport.Figures(g.Key, [.. g]))],
            InspectionReport.Figures("total", rows),
            [.. counties.Select(c => Shape(c, names))],
            [.. counties.Where(c => c.Contradicted).Select(c => Shape(c, names))],
            new InspectionRules(
                DiscrepancyRate: "discrepancies / visited; 95 % Wilson score interval",
                SampleSettled: "found settled = registry settled XOR a discrepancy naming keys_claimed or moved_in",
                Contradicted: "the county's reported settled rate (registry, as of the drawing day) lies outside the 95 % Wilson interval of the sample's settled rate")));
    }

    static CountyFigures Shape(CountyCheck c, IReadOnlyDictionary<string, string?> names) =>
        new(c.UnitCode, names.GetValueOrDefault(c.UnitCode), c.Visited, c.FoundSettled, c.SampleSettledRate, c.Ci95, c.ReportedSettledRate, c.Contradicted);
}
