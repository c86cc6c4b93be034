using System.Diagnostics;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Features;

namespace RelocationPlanner.Api.Demo;

/// <summary>
/// Loads data/demo/*.geojson on first start, through the same checks as an import, and the Ordos
/// registry generated from them (<see cref="DemoRegistry"/>), in one transaction.
/// </summary>
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
            var (features, errors) = await ReadAsync(stream, c, ct);
            if (errors.Count > 0)
                throw new InvalidOperationException($"Demo file {file} is invalid: {errors[0].Field}: {errors[0].Message}");
            var result = await FeatureStore.InsertAsync(conn, tx, c, features, ct);
            if (!result.Ok)
                throw new InvalidOperationException($"Demo file {file} was refused: {result.Errors[0].Field}: {result.Errors[0].Message}");
            log.LogInformation("Demo data: {Count} {Collection}", result.Stored.Count, c.Id);
        }
        var layers = clock.ElapsedMilliseconds;
        await DemoRegistry.LoadAsync(conn, tx, folder, log, ct);
        log.LogInformation("Demo registry loaded in {Ms} ms", clock.ElapsedMilliseconds - layers);
        await tx.CommitAsync(ct);
        log.LogInformation("Demo data loaded in {Ms} ms", clock.ElapsedMilliseconds);
    }

    /// <summary>Reads every feature of a demo file with the import's reader and rules; errors carry the feature's index.</summary>
    internal static async Task<(List<ParsedFeature> Features, List<FieldError> Errors)> ReadAsync(Stream stream, CollectionSpec c, CancellationToken ct)
    {
        var features = new List<ParsedFeature>();
        var errors = new List<FieldError>();
        var i = 0;
        await foreach (var doc in new GeoJsonFeatureStream(stream, sequence: false, c.MaxFeatureBytes).ReadAsync(ct))
            using (doc)
            {
                var (parsed, e) = FeatureReader.Read(doc.RootElement, c);
                if (parsed is not null) features.Add(parsed);
                errors.AddRange(e.Select(x => x.Under($"features[{i}]")));
                i++;
            }
        return (features, errors);
    }
}
