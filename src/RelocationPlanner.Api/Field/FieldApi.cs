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
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Api.Field;

/// <summary>
/// Field work: work packages the offline app downloads, the changes it sends back, photo evidence
/// and inspection samples. Relocation officers (and admins) work in the field and see households;
/// drawing a sample is an acceptance decision over whole counties: admins only.
/// </summary>
public static class FieldApi
{
    public const int MaxPackageHouseholds = 5000;
    public const int PackageDays = 30;
    internal const int MaxJsonDepth = 16;

    public static IEndpointRouteBuilder MapFieldApi(this IEndpointRouteBuilder app)
    {
        foreach (var t in new[] { "field_packages", "field_changes", "field_conflicts", "evidence", "inspection_results", "idempotency_keys" })
            EntityEditors.Register(t, Roles.RelocationOfficer);
        EntityEditors.Register("inspections");
        EntityEditors.Register("inspection_households");

        var officers = app.MapGroup("/api").WithTags("Field work").RequireEditorOf("households");
        var personal = app.MapGroup("/api").WithTags("Field work").RequirePersonalData();
        officers.MapPost("/field/packages", CreatePackage).WithName("CreateFieldPackage").ReadsJson<PackageRequest>().Refuses(404, 422);
        personal.MapGet("/field/packages/{id:long}", GetPackage).WithName("GetFieldPackage").Refuses(404);
        ChangesApi.Map(officers, personal);
        EvidenceApi.Map(officers, personal);
        InspectionsApi.Map(app, personal);
        return app;
    }

    static async Task<Results<Created<FieldPackage>, ProblemHttpResult>> CreatePackage(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(http, MaxJsonDepth, ct);
        var o = doc.RootElement;
        if (o.ValueKind != JsonValueKind.Object) return Problem.Invalid("$", Rules.Object, "The body must be a JSON object.");
        var e = new List<FieldError>();
        var unit = Json.String(o, "unit_code", e, false);
        var inspection = FieldJson.Long(o, "inspection_id", e, false, 1);
        string[]? sites = null;
        if (o.TryGetProperty("site_codes", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() is 0 or > 500 || s.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || x.GetString()!.Length is 0 or > 64))
                e.Add(new("site_codes", Rules.Array, "site_codes is an array of 1-500 site codes."));
            else sites = [.. s.EnumerateArray().Select(x => x.GetString()!).Distinct()];
        }
        if (e.Count == 0 && (unit is null ? 0 : 1) + (sites is null ? 0 : 1) + (inspection is null ? 0 : 1) != 1)
            e.Add(new("$", Rules.OneOf, "Give exactly one of unit_code, site_codes, inspection_id."));
        if (e.Count > 0) return Problem.Invalid(e);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        var missing = await FieldPackageStore.MissingReferenceAsync(conn, tx, unit, sites, inspection, ct);
        if (missing is not null) return Problem.Of(StatusCodes.Status422UnprocessableEntity, "reference", "Unknown record", missing.Message, [missing]);
        var households = await FieldPackageStore.ScopeAsync(conn, tx, unit, sites, inspection, MaxPackageHouseholds + 1, ct);
        var field = unit is not null ? "unit_code" : sites is not null ? "site_codes" : "inspection_id";
        if (households.Count == 0)
            return Problem.Of(StatusCodes.Status422UnprocessableEntity, "rule", "Nothing to take", "No household is registered there.", [new(field, Rules.Empty, "No household is registered there.")]);
        if (households.Count > MaxPackageHouseholds)
            return Problem.Of(StatusCodes.Status422UnprocessableEntity, "limit-exceeded", "Over a size limit", $"A package holds at most {MaxPackageHouseholds} households.",
                [new(field, Rules.TooMany, $"More than {MaxPackageHouseholds} households: name a smaller unit or a list of sites.")]);
        var scope = JsonSerializer.Serialize(new PackageScope(unit, sites, inspection), Stored);
        var id = await FieldPackageStore.InsertAsync(conn, tx, scope, [.. households.Select(h => h.Id)], inspection, PackageDays, ct);
        var body = await DocumentAsync(conn, tx, id, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/field/packages/{id}", body);
    }

    static async Task<Results<Ok<FieldPackage>, ProblemHttpResult>> GetPackage(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var body = await DocumentAsync(conn, null, id, ct);
        return body is null ? Problem.NotFound($"No package {id}.") : TypedResults.Ok(body);
    }

    /// <summary>The package as the app downloads it, built from the data as it is now (the household set is the package's).</summary>
    static async Task<FieldPackage?> DocumentAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, CancellationToken ct)
    {
        if (await FieldPackageStore.GetAsync(conn, tx, id, ct) is not { } p) return null;
        var scope = p.Scope.Deserialize<PackageScope>(Stored)!;
        var households = await FieldPackageStore.HouseholdsAsync(conn, tx, p.HouseholdIds, ct);
        var bbox = await FieldPackageStore.BboxAsync(conn, tx, p.HouseholdIds, scope.UnitCode, scope.SiteCodes?.ToArray(), ct);
        var layers = bbox is null ? null : await FieldPackageStore.LayersAsync(conn, tx, bbox, ct);
        const string empty = """{"type":"FeatureCollection","features":[]}""";
        static JsonElement Layer(string? text) => JsonDocument.Parse(text ?? empty).RootElement;
        return new FieldPackage(p.Id, p.CreatedAt, p.CreatedBy, p.ExpiresAt, scope, bbox, new PackageZooms(MinZoom(bbox), 15),
            "/tiles/{collection}/{z}/{x}/{y}.pbf", ["admin_units", "sites", "settlements", "roads", "wells", "power_lines", "towns"],
            [.. households.Select(h => new FieldHousehold(h.Code, h.HeadName, h.Members, h.UnitCode, h.SiteCode, h.Version, h.Status, Steps(h.Milestones),
                h.Lon, h.Lat, h.OriginCode is null ? null : new FieldOrigin(h.OriginCode, h.OriginLon, h.OriginLat)))],
            Layer(layers?.Sites), new PackageFeatures(Layer(layers?.Roads), Layer(layers?.Wells), Layer(layers?.PowerLines), Layer(layers?.Towns)),
            FieldSteps.All, p.InspectionId is { } inspection ? new PackageInspection(inspection, [.. households.Select(h => h.Code)]) : null);
    }

    /// <summary>Every shown step with its date or null, in order.</summary>
    static Dictionary<string, string?> Steps(JsonElement recorded)
    {
        var steps = new Dictionary<string, string?>();
        foreach (var step in FieldSteps.Shown)
            steps[step] = recorded.TryGetProperty(step, out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (recorded.TryGetProperty(Milestones.Withdrawn, out var w) && w.ValueKind == JsonValueKind.String) steps[Milestones.Withdrawn] = w.GetString();
        return steps;
    }

    /// <summary>The scope as stored: snake_case, absent members left out.</summary>
    static readonly JsonSerializerOptions Stored = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The zoom at which the whole box fits in about one 256-px tile (5 to 12); the app caches from there to 15.</summary>
    internal static int MinZoom(double[]? bbox)
    {
        if (bbox is null) return 8;
        var span = Math.Max(bbox[2] - bbox[0], (bbox[3] - bbox[1]) * 1.3);
        return Math.Clamp((int)Math.Floor(Math.Log2(360 / Math.Max(span, 1e-6))), 5, 12);
    }
}
