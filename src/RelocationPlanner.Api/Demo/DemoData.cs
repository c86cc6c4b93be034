using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Features;

namespace RelocationPlanner.Api.Demo;

/// <summary>Loads data/demo/*.geojson on first start, through the same checks as an import, in one transaction.</summary>
public static class DemoData
{
    /// <summary>The demo folder: configured, or data/demo found walking up from the content root.</summary>
    public static string? FindFolder(string? configured, string contentRoot)
    {
        if (!string.IsNullOrEmpty(configured)) return configured;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "demo");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static async Task LoadIfEmptyAsync(NpgsqlDataSource db, string? folder, ILogger log, CancellationToken ct)
    {
        if (folder is null || !Directory.Exists(folder))
        {
            log.LogWarning("No demo data folder found; starting with an empty database");
            return;
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM admin_units)", conn))
            if ((bool)(await check.ExecuteScalarAsync(ct))!) return;

        var clock = Stopwatch.StartNew();
        await using var tx = await Database.BeginAsUserAsync(conn, "demo-loader", ct);
        foreach (var c in Collections.All)
        {
            var file = Path.Combine(folder, c.Id + ".geojson");
            if (!File.Exists(file)) continue;
            await using var stream = File.OpenRead(file);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            var (features, errors) = ReadCollection(doc.RootElement, c);
            if (errors.Count > 0)
                throw new InvalidOperationException($"Demo file {file} is invalid: {errors[0].Field}: {errors[0].Message}");
            var result = await FeatureStore.InsertAsync(conn, tx, c, features, ct);
            if (!result.Ok)
                throw new InvalidOperationException($"Demo file {file} was refused: {result.Errors[0].Field}: {result.Errors[0].Message}");
            log.LogInformation("Demo data: {Count} {Collection}", result.Stored.Count, c.Id);
        }
        await tx.CommitAsync(ct);
        log.LogInformation("Demo data loaded in {Ms} ms", clock.ElapsedMilliseconds);
    }

    /// <summary>Reads every feature of a FeatureCollection; errors carry the feature's index.</summary>
    static (List<ParsedFeature> Features, List<FieldError> Errors) ReadCollection(JsonElement root, CollectionSpec c)
    {
        var features = new List<ParsedFeature>();
        var errors = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "FeatureCollection"
            || !root.TryGetProperty("features", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError("$", "feature_collection", "A demo file must be a GeoJSON FeatureCollection with a features array."));
            return (features, errors);
        }
        var i = 0;
        foreach (var f in list.EnumerateArray())
        {
            var (parsed, e) = FeatureReader.Read(f, c);
            if (parsed is not null) features.Add(parsed);
            errors.AddRange(e.Select(x => x.Under($"features[{i}]")));
            i++;
        }
        if (i == 0) errors.Add(new FieldError("features", "empty", "The FeatureCollection has no features."));
        return (features, errors);
    }
}
