using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Cli.Reports;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Scoring;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Scoring;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Cli.Score;

/// <summary>
/// rp score FILE [--profile default] [--format table|csv|json|geojson]: scores the features of a file
/// as candidate sites with the service's own engine, straight from the database (no service running).
/// The file is read by the import reader (GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ, CSV,
/// FlatGeobuf); geometries follow the sites collection's rules (a Point or a Polygon, valid, in
/// China); a feature's <c>code</c> property names it. The scores are those POST /api/scoring/evaluate gives.
/// </summary>
public static class ScoreCommand
{
    static readonly string[] Formats = ["table", "csv", "json", "geojson"];

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Candidate sites: GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ, CSV or FlatGeobuf" };
        var profile = new Option<string>("--profile", "-p") { Description = "A saved profile: code (latest version) or code@version", DefaultValueFactory = _ => "default" };
        var format = new Option<string>("--format", "-f") { Description = "table (default) | csv | json (as evaluate answers) | geojson (the sites with their scores)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var command = new Command("score", "Score candidate sites from a file against the database's infrastructure (no service needed)") { file, profile, format };
        command.SetAction((r, ct) => RunAsync(r.GetValue(file)!, r.GetValue(profile)!, r.GetValue(format)!, ct));
        return command;
    }

    static async Task<int> RunAsync(FileInfo file, string profileReference, string format, CancellationToken ct)
    {
        if (!file.Exists) throw new CliException($"{file.FullName}: no such file.");
        var clock = Stopwatch.StartNew();
        await using var db = Database.CreateDataSource(DatabaseUrl.Resolve(), "rp score");
        var (profile, errors) = await ScoringStore.ProfileByReferenceAsync(db, profileReference, "--profile", ct);
        if (profile is null) throw new CliException(string.Join("\n", errors.Select(e => e.Message)));
        var (geometries, codes) = await ReadSitesAsync(file, ct);
        var index = await new InfrastructureCache(db, NullLogger<InfrastructureCache>.Instance).GetAsync(ct);
        var (results, _, _) = new SiteEvaluator(index, profile).Evaluate(geometries, codes, withNearest: false, ct);

        if (format == "table")
            ConsoleTables.Write(Terminal.Out, Table(results));
        else
        {
            using var stdout = Console.OpenStandardOutput();
            switch (format)
            {
                case "json":
                    await JsonSerializer.SerializeAsync(stdout, new EvaluateResponse(new ProfileRef(profile.Code, profile.Version), index.DataVersion, results), Json, ct);
                    await stdout.WriteAsync("\n"u8.ToArray(), ct);
                    break;
                case "geojson":
                    GeoJsonIO.WriteCollection(stdout, results.Select((r, i) => GeoJsonIO.Feature(geometries[i], Properties(r))));
                    break;
                default:
                    await TableWriter.WriteCsvAsync(stdout, Table(results), byteOrderMark: false, ct);
                    break;
            }
        }
        Console.Error.WriteLine($"{results.Length} site(s) scored with profile {profile.Code}@{profile.Version}, data version {index.DataVersion}, in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>The file's features as candidate sites; every broken one is reported (row, field, rule) before anything is scored.</summary>
    static async Task<(List<Geometry> Geometries, List<string?> Codes)> ReadSitesAsync(FileInfo file, CancellationToken ct)
    {
        var geometries = new List<Geometry>();
        var codes = new List<string?>();
        var problems = new List<string>();
        try
        {
            var source = await ImportSource.OpenAsync(file.FullName, file.Name, Collections.Sites, null, ct);
            await foreach (var doc in source.ReadAsync(ct))
            {
                using (doc)
                {
                    int i = geometries.Count;
                    var f = doc.RootElement;
                    string? code = f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object && props.TryGetProperty("code", out var c)
                        ? c.ValueKind switch { JsonValueKind.String => c.GetString(), JsonValueKind.Null => null, _ => c.GetRawText() }
                        : null;
                    var field = $"features[{i}].geometry";
                    Geometry? geometry = null;
                    FieldError? error = null;
                    if (!f.TryGetProperty("geometry", out var gj) || gj.ValueKind == JsonValueKind.Null)
                        error = new FieldError(field, Rules.GeometryRequired, "Each feature needs a geometry.");
                    else
                    {
                        (geometry, error, _) = GeoJsonIO.ReadGeometry(gj, field);
                        if (geometry is { } g) (geometry, error) = GeometryRules.Check(g, Collections.Sites, field);
                    }
                    if (error is not null) problems.Add($"row {i + 1}{(code is null ? "" : $" ({code})")}: {error.Field}: {error.Rule}: {error.Message}");
                    geometries.Add(geometry!);
                    codes.Add(code);
                }
            }
        }
        catch (ImportFailedException e)
        {
            throw new CliException(string.Join("\n", [e.Message, .. e.Errors.Take(20).Select(x => $"  row {x.Row}: {x.Field}: {x.Rule}: {x.Message}")]));
        }
        if (problems.Count > 0)
            throw new CliException($"{file.Name}: {problems.Count} feature(s) cannot be scored; nothing was scored:\n  " + string.Join("\n  ", problems.Take(50)));
        if (geometries.Count == 0) throw new CliException($"{file.Name}: no features to score.");
        return (geometries, codes);
    }

    static double? Distance(SiteResult r, string criterion) => r.Criteria.FirstOrDefault(c => c.Criterion == criterion)?.DistanceM;

    static List<KeyValuePair<string, object?>> Properties(SiteResult r)
    {
        var props = new List<KeyValuePair<string, object?>>
        {
            new("code", r.Code), new("score", Math.Round(r.Score, 1)), new("excluded", r.Excluded), new("reasons", string.Join("; ", r.Reasons)),
        };
        foreach (var c in r.Criteria)
        {
            props.Add(new($"{c.Criterion}_m", c.DistanceM is double d ? Math.Round(d, 1) : null));
            if (c.NetworkDistanceM is double n) props.Add(new($"{c.Criterion}_network_m", Math.Round(n, 1)));
        }
        return props;
    }

    /// <summary>One row per site: the score, whether excluded, and the straight-line distance to each kind of infrastructure in km.</summary>
    static ReportTable Table(SiteResult[] results) => new("scores",
        [TableColumn.Text("code"), TableColumn.Score("score"), TableColumn.Text("excluded"),
         TableColumn.Km("road_km"), TableColumn.Km("water_km"), TableColumn.Km("power_km"), TableColumn.Km("town_km"), TableColumn.Text("reasons")],
        [.. results.Select(r => new object?[]
        {
            r.Code, Math.Round(r.Score, 1), r.Excluded ? "yes" : "",
            Km(r, Criteria.Road), Km(r, Criteria.Water), Km(r, Criteria.Power), Km(r, Criteria.Town), string.Join("; ", r.Reasons),
        })], KeyColumns: 1);

    static double? Km(SiteResult r, string criterion) => Distance(r, criterion) is double m ? m / 1000 : null;
}
