using System.Runtime.InteropServices;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Core.Scoring;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Data.Scoring;

namespace RelocationPlanner.Api.Scoring;

/// <summary>Candidate sites read from a request: geometries and their codes, input order.</summary>
public sealed record Candidates(List<Geometry> Geometries, List<string?> Codes);

/// <summary>Turns request JSON into profiles and candidate geometries, or field errors.</summary>
public static class ScoringRequests
{
    /// <summary>Strict reading: an unknown field in a profile is a typo to report, not to ignore.</summary>
    public static readonly JsonSerializerOptions ProfileJson = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Profile codes: lower case letters, digits, '_' and '-', as the table's check says.</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: > 0 and <= 64 } && char.IsAsciiLetterLower(code[0]) | char.IsAsciiDigit(code[0])
        && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary>Reads and validates an inline profile object; paths are prefixed with <paramref name="field"/>.</summary>
    public static (ScoringProfile? Profile, List<FieldError> Errors) ReadProfile(JsonElement json, string field)
    {
        ScoringProfile? profile;
        try
        {
            profile = json.Deserialize<ScoringProfile>(ProfileJson);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? field + p.TrimStart('$') : field;
            return (null, [new FieldError(path, Rules.ProfileJson, "The profile does not have the expected shape: " + e.Message.Split(". Path:")[0])]);
        }
        if (profile is null) return (null, [new FieldError(field, Rules.Required, "A profile object is required.")]);
        var errors = profile.Validate().Select(e => new FieldError(Join(field, e.Path), e.Rule, e.Message)).ToList();
        for (int i = 0; i < (profile.MinDistances?.Count ?? 0); i++)
        {
            var layer = profile.MinDistances![i].Layer;
            if (!string.IsNullOrWhiteSpace(layer) && !SiteEvaluator.MinDistanceLayers.Contains(layer))
                errors.Add(new FieldError(Join(field, $"min_distances[{i}].layer"), Rules.UnknownLayer,
                    $"Unknown layer '{layer}'; expected one of {string.Join(", ", SiteEvaluator.MinDistanceLayers)}."));
        }
        return errors.Count > 0 ? (null, errors) : (profile, errors);
    }

    static string Join(string field, string path) => field.Length == 0 ? path : field + "." + path;

    /// <summary>
    /// The profile a request names: a saved code (latest version, or <c>code@version</c>) or an
    /// inline object. Errors name <paramref name="field"/>.
    /// </summary>
    public static async Task<(ScoringProfile? Profile, List<FieldError> Errors)> ResolveAsync(NpgsqlDataSource db, JsonElement? json, string field, CancellationToken ct)
    {
        if (json is null || json.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            return await ScoringStore.ProfileByReferenceAsync(db, "default", field, ct);
        if (json.Value.ValueKind == JsonValueKind.String) return await ScoringStore.ProfileByReferenceAsync(db, json.Value.GetString()!, field, ct);
        if (json.Value.ValueKind == JsonValueKind.Object) return ReadProfile(json.Value, field);
        return (null, [new FieldError(field, Rules.Profile, "'profile' is a saved profile's code or a profile object.")]);
    }

    /// <summary>Reads a FeatureCollection of candidate points or polygons (non-empty, valid, in China).</summary>
    public static (Candidates? Candidates, List<FieldError> Errors) ReadFeatures(JsonElement root, string field, int maxFeatures)
    {
        var errors = new List<FieldError>();
        var (items, shape) = GeoJsonFeatureStream.Members(root, field);
        if (items is null) return (null, [shape!]);
        int count = items.Length;
        if (count == 0) return (null, [new FieldError(field + ".features", Rules.Empty, "The FeatureCollection has no features.")]);
        if (count > maxFeatures)
            return (null, [new FieldError(field + ".features", Rules.TooMany, $"At most {maxFeatures} features per request; got {count}.")]);
        var geoms = new Geometry[count];
        var codes = new string?[count];
        var itemErrors = new FieldError?[count];
        Parallel.For(0, count, i =>
        {
            var path = $"{field}.features[{i}]";
            var f = items[i];
            if (f.ValueKind != JsonValueKind.Object)
            {
                itemErrors[i] = new FieldError(path, Rules.FeatureRequired, "Each member of features is a GeoJSON Feature object.");
                return;
            }
            if (!f.TryGetProperty("geometry", out var gj))
            {
                itemErrors[i] = new FieldError(path + ".geometry", Rules.GeometryRequired, "Each feature needs a geometry.");
                return;
            }
            if (f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object && props.TryGetProperty("code", out var code))
                codes[i] = code.ValueKind == JsonValueKind.String ? code.GetString() : code.ValueKind == JsonValueKind.Null ? null : code.GetRawText();
            if (JsonMarshal.GetRawUtf8Value(gj).Length > Limits.FeatureBytes(Limits.EvaluateVertices))
            {
                itemErrors[i] = new FieldError(path + ".geometry", Rules.FeatureTooLarge, $"The geometry's GeoJSON is larger than {Limits.FeatureBytes(Limits.EvaluateVertices):N0} bytes.");
                return;
            }
            var (g, error, _) = GeoJsonIO.ReadGeometry(gj, path + ".geometry");
            itemErrors[i] = error ?? CheckSite(g!, path + ".geometry");
            geoms[i] = g!;
        });
        errors.AddRange(itemErrors.OfType<FieldError>().Take(100));
        return errors.Count > 0 ? (null, errors) : (new Candidates([.. geoms], [.. codes]), errors);
    }

    /// <summary>Sites are points or polygons (multi allowed), non-empty, valid and inside China's extent.</summary>
    public static FieldError? CheckSite(Geometry g, string field)
    {
        if (g.IsEmpty) return new FieldError(field, Rules.GeometryEmpty, "The geometry is empty.");
        if (g.NumPoints > Limits.EvaluateVertices) return GeometryRules.TooManyVertices(field, g.NumPoints, Limits.EvaluateVertices, "scoring");
        if (g is not (Point or Polygon or MultiPolygon or MultiPoint))
            return new FieldError(field + ".type", Rules.GeometryType, $"Candidate sites are points or polygons, not {g.GeometryType}.");
        foreach (var c in g.Coordinates)
        {
            if (!GeometryRules.ChinaExtent.Contains(c))
                return new FieldError(field + ".coordinates", Rules.OutsideChina, $"Position ({c.X}, {c.Y}) is outside China's extent (73-136 E, 3-54 N).");
        }
        if (g is Point) return null;
        var validity = new IsValidOp(g).ValidationError;
        return validity is null ? null : new FieldError(field, Rules.GeometryInvalid, $"Invalid geometry: {validity.Message}.");
    }
}
