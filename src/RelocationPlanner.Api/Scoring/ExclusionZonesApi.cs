using System.Text.Json;
using NetTopologySuite.Geometries;
using Npgsql;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Scoring;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Scoring;

namespace RelocationPlanner.Api.Scoring;

/// <summary>POST /api/scoring/exclusion_zones: a GeoJSON Feature {code, name, kind} with a (multi)polygon.</summary>
public static class ExclusionZonesApi
{
    public static async Task<Results<Created<ZoneCreated>, ProblemHttpResult>> Create(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(http, ScoringApi.MaxJsonDepth, ct);
        if (body.RootElement is not { ValueKind: JsonValueKind.Object } root)
            return Problem.Invalid("$", Rules.Json, "The body must be a GeoJSON Feature.");
        var errors = new List<FieldError>();
        string? Text(string name)
        {
            if (root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v)
                && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())) return v.GetString();
            errors.Add(new FieldError($"properties.{name}", Rules.Required, $"'{name}' is required."));
            return null;
        }
        var code = Text("code");
        var name = Text("name");
        var kind = Text("kind");
        if (kind is not null && !ExclusionZoneKinds.IsKnown(kind))
            errors.Add(new FieldError("properties.kind", Rules.Enum, "'kind' is hazard, reserve or reservoir."));
        Geometry? geom = null;
        if (!root.TryGetProperty("geometry", out var gj)) errors.Add(new FieldError("geometry", Rules.GeometryRequired, "A polygon geometry is required."));
        else
        {
            var (g, e, _) = GeoJsonIO.ReadGeometry(gj);
            if (e is not null) errors.Add(e);
            else if (g is not (Polygon or MultiPolygon) || g.IsEmpty) errors.Add(new FieldError("geometry.type", Rules.GeometryType, "A zone is a non-empty Polygon or MultiPolygon."));
            // CheckSite also checks validity (geometry_invalid) for polygons.
            else if (ScoringRequests.CheckSite(g, "geometry") is { } bad) errors.Add(bad);
            else geom = g;
        }
        if (errors.Count > 0) return Problem.Invalid(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, FeaturesApi.UserOf(http), ct);
        try
        {
            var (id, version) = await ScoringStore.InsertZoneAsync(conn, tx, code!, name!, kind!, geom!, ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/scoring/exclusion_zones/{id}", new ZoneCreated(id, code!, version));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict([new FieldError("properties.code", Rules.Unique, $"An exclusion zone '{code}' already exists.")]);
        }
    }
}

public sealed record ZoneCreated(long Id, string Code, int Version);
