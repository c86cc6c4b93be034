using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Scoring;

/// <summary>One criterion in a result; <c>network_distance_m</c> appears only where computed.</summary>
public sealed record CriterionResult(
    string Criterion,
    double? DistanceM,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NetworkDistanceM,
    double Score,
    double Weight);

/// <summary>
/// The feature nearest to a site for one criterion, so a map can draw the line to it: Point is
/// the nearest point on the feature, SitePoint the nearest point on the site, both [lon, lat].
/// </summary>
public sealed record NearestFeature(string Criterion, string Layer, long Id, string Code, double DistanceM, double[] Point, double[] SitePoint);

/// <summary>A scored site as the API returns it.</summary>
public sealed record SiteResult(
    string? Code,
    double Score,
    bool Excluded,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CriterionResult> Criteria,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<NearestFeature>? Nearest);

/// <summary>Which profile version scored (the profile's code and version).</summary>
public sealed record ProfileRef(string Code, int Version);

/// <summary>An evaluation as evaluate (and <c>rp score --format json</c>) answer it: profile, data version, results in input order.</summary>
public sealed record EvaluateResponse(ProfileRef Profile, long DataVersion, IReadOnlyList<SiteResult> Results);

/// <summary>Phase timings of one evaluation, milliseconds (reported in Server-Timing).</summary>
public sealed record EvaluationTimings(double MeasureMs, double NetworkMs, double ScoreMs);

/// <summary>
/// Measures sites against an <see cref="InfrastructureIndex"/> and scores them with a profile:
/// the four nearest-feature searches per site in parallel, one multi-source network search for
/// all sites when the profile asks for network distance, then the Core scorer.
/// </summary>
public sealed partial class SiteEvaluator
{
    /// <summary>Layers a profile's minimum-distance rules may name.</summary>
    public static readonly string[] MinDistanceLayers = ["settlements", "towns", "roads", "wells", "power_lines"];

    static readonly Dictionary<string, string> LayerOf = new()
    {
        [Criteria.Road] = "roads",
        [Criteria.Water] = "wells",
        [Criteria.Power] = "power_lines",
        [Criteria.Town] = "towns",
    };

    readonly InfrastructureIndex _index;
    readonly ScoringProfile _profile;
    readonly SuitabilityScorer _scorer;
    readonly ExclusionCheck _inline;
    readonly (string Criterion, LayerIndex Layer, IReadOnlyCollection<string>? Statuses, Func<int, bool>? Accept)[] _criteria;

    public SiteEvaluator(InfrastructureIndex index, ScoringProfile profile)
    {
        _index = index;
        _profile = profile;
        _scorer = new SuitabilityScorer(profile);
        _inline = new ExclusionCheck(profile);
        _criteria = Criteria.All.Select(profile.Get).OfType<CriterionSettings>()
            .Select(s => (s.Criterion, index.Layers[LayerOf[s.Criterion]], Statuses(s.Criterion), Filter(s, index.Layers[LayerOf[s.Criterion]].Data)))
            .ToArray();
    }

    // Towns have no construction status: every town counts.
    IReadOnlyCollection<string>? Statuses(string criterion) =>
        criterion == Criteria.Town ? null : _profile.StatusesFor(criterion).ToHashSet();

    static Func<int, bool>? Filter(CriterionSettings s, LayerData data)
    {
        if (s.RoadClasses is { } classes) { var set = classes.ToHashSet(); return r => data.Attribute[r] is { } c && set.Contains(c); }
        if (s.MinVoltageKv is double kv) return r => data.Number[r] >= kv;
        if (s.TownLevels is { } levels) { var set = levels.ToHashSet(); return r => data.Attribute[r] is { } l && set.Contains(l); }
        return null;
    }

    /// <summary>
    /// Scores <paramref name="sites"/> (lon/lat, SRID 4326) in input order. Work stops soon after
    /// <paramref name="ct"/> is cancelled, or after <paramref name="perSiteBudget"/> (when given) on any one
    /// site in any one phase, with a <see cref="ScoringCancelledException"/> naming the site in progress.
    /// </summary>
    public (SiteResult[] Results, SiteScore[] Scores, EvaluationTimings Timings) Evaluate(IReadOnlyList<Geometry> sites, IReadOnlyList<string?> codes,
        bool withNearest, CancellationToken ct = default, TimeSpan? perSiteBudget = null)
    {
        using var budget = new ScoringBudget(ct, perSiteBudget);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = sites.Count;
        var distances = new CriterionDistances[n];
        var nearest = withNearest ? new List<NearestFeature>?[n] : null;
        Parallel.For(0, n, (i, state) =>
        {
            if (budget.TryRun(i, "measure", t => Measure(sites[i], nearest, i, t), out var d)) distances[i] = d;
            else state.Stop();
        });
        budget.ThrowIfCancelled("measure");
        double measureMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        ApplyNetwork(sites, distances, budget);
        double networkMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var scores = new SiteScore[n];
        var results = new SiteResult[n];
        Parallel.For(0, n, i =>
        {
            var s = _scorer.Score(distances[i]);
            scores[i] = s;
            results[i] = new SiteResult(codes[i], s.Score, s.Excluded, s.Reasons,
                s.Criteria.Select(c => new CriterionResult(c.Criterion, c.DistanceM,
                    distances[i].NetworkDistanceM(c.Criterion), c.Score, c.Weight)).ToArray(),
                nearest?[i]);
        });
        return (results, scores, new EvaluationTimings(measureMs, networkMs, clock.Elapsed.TotalMilliseconds));
    }

    bool UsesNetwork => _profile.Get(Criteria.Town) is { UseNetworkDistance: true } || _profile.Get(Criteria.Water) is { UseNetworkDistance: true };

    // One multi-source search over the road graph per criterion that asks for network distance,
    // then one snap per site (in parallel, each under the site's budget).
    void ApplyNetwork(IReadOnlyList<Geometry> sites, CriterionDistances[] distances, ScoringBudget budget)
    {
        int n = sites.Count;
        foreach (var c in new[] { Criteria.Town, Criteria.Water })
        {
            if (_profile.Get(c) is not { UseNetworkDistance: true } settings) continue;
            var graph = _index.RoadGraph(_profile.StatusesFor(Criteria.Road));
            var layer = _index.Layers[LayerOf[c]].Data;
            var accept = Filter(settings, layer);
            var statuses = Statuses(c);
            var targets = Enumerable.Range(0, layer.Ids.Length)
                .Where(r => (statuses is null || statuses.Contains(layer.Statuses[r])) && (accept is null || accept(r)))
                .Select(r => layer.Geometries[r]).OfType<Point>().ToArray();
            NetworkAccess access = null!;
            budget.Run("network", t => access = new NetworkAccess(graph, targets, t));
            var network = new double?[n];
            Parallel.For(0, n, (i, state) =>
            {
                if (budget.TryRun(i, "network", t => access.From(sites[i], t), out var d)) network[i] = d;
                else state.Stop();
            });
            budget.ThrowIfCancelled("network");
            for (int i = 0; i < n; i++)
                distances[i] = c == Criteria.Town ? distances[i] with { TownNetworkM = network[i] } : distances[i] with { WaterNetworkM = network[i] };
        }
    }

    // One site: the site is prepared once (planar copy, edge and area indexes for big polygons) and
    // shared by every layer's search; ct is checked inside each search.
    CriterionDistances Measure(Geometry site, List<NearestFeature>?[]? nearest, int i, CancellationToken ct)
    {
        var prepared = new PreparedSite(site);
        double? road = null, water = null, power = null, town = null;
        List<NearestFeature>? found = nearest is null ? null : [];
        foreach (var (criterion, layer, statuses, accept) in _criteria)
        {
            if (layer.Nearest(prepared, statuses, accept, ct) is not { } hit) continue;
            double d = hit.Hit.DistanceM;
            switch (criterion)
            {
                case Criteria.Road: road = d; break;
                case Criteria.Water: water = d; break;
                case Criteria.Power: power = d; break;
                default: town = d; break;
            }
            found?.Add(new NearestFeature(criterion, layer.Data.Layer, layer.Data.Ids[hit.Row], layer.Data.Codes[hit.Row], d,
                [hit.Hit.Lon, hit.Hit.Lat], [hit.Hit.SiteLon, hit.Hit.SiteLat]));
        }
        if (nearest is not null) nearest[i] = found;

        var zoneHits = _profile.ExclusionZones.Count == 0 ? [] : _index.ZoneHits(site, ct).Concat(_inline.Hits(site)).ToList();
        var near = new Dictionary<string, double?>();
        foreach (var rule in _profile.MinDistances)
        {
            if (near.ContainsKey(rule.Layer) || !_index.Layers.TryGetValue(rule.Layer, out var layer)) continue;
            near[rule.Layer] = layer.Nearest(prepared, null, null, ct)?.Hit.DistanceM;
        }
        return new CriterionDistances
        {
            RoadM = road,
            WaterM = water,
            PowerM = power,
            TownM = town,
            ZoneHits = zoneHits,
            Nearest = near,
        };
    }
}
