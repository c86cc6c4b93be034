using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Scoring;

public sealed partial class SiteEvaluator
{
    static readonly IReadOnlyDictionary<string, double?> NoNearest = new Dictionary<string, double?>();

    /// <summary>
    /// Scores the centre of every cell of <paramref name="grid"/> (the suitability surface), the same
    /// scores <see cref="Evaluate"/> gives for those points: each criterion is one grid-wide nearest
    /// search in which neighbouring cells share their candidates (<see cref="GeodesicNearestIndex.NearestOnGrid"/>)
    /// instead of a tree search per cell. Cell points are only built when zones or network distance need them.
    /// Stops soon after <paramref name="ct"/> is cancelled (<see cref="ScoringCancelledException"/>, stage <c>grid</c>).
    /// </summary>
    public (SiteScore[] Scores, EvaluationTimings Timings) EvaluateGrid(LonLatGrid grid, CancellationToken ct = default)
    {
        using var budget = new ScoringBudget(ct, null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = grid.Count;
        var byCriterion = new Dictionary<string, (NearestHit Hit, int Row)?[]>();
        var near = new Dictionary<string, (NearestHit Hit, int Row)?[]>();
        budget.Run("grid", t =>
        {
            foreach (var (criterion, layer, statuses, accept) in _criteria)
                byCriterion[criterion] = layer.NearestOnGrid(grid, statuses, accept, t);
            foreach (var rule in _profile.MinDistances)
                if (!near.ContainsKey(rule.Layer) && _index.Layers.TryGetValue(rule.Layer, out var layer))
                    near[rule.Layer] = layer.NearestOnGrid(grid, null, null, t);
        });

        Geometry[]? points = null;
        if (_profile.ExclusionZones.Count > 0 || UsesNetwork)
        {
            points = new Geometry[n];
            for (int j = 0; j < grid.Rows; j++)
                for (int i = 0; i < grid.Columns; i++)
                    points[j * grid.Columns + i] = GeoJsonIO.Factory.CreatePoint(new Coordinate(grid.CentreLon(i), grid.CentreLat(j)));
        }

        var distances = new CriterionDistances[n];
        var stop = budget.Token;
        Parallel.For(0, n, k =>
        {
            if (stop.IsCancellationRequested) return; // the remaining cells return at once
            double? D(string c) => byCriterion.TryGetValue(c, out var hits) ? hits[k]?.Hit.DistanceM : null;
            distances[k] = new CriterionDistances
            {
                RoadM = D(Criteria.Road),
                WaterM = D(Criteria.Water),
                PowerM = D(Criteria.Power),
                TownM = D(Criteria.Town),
                ZoneHits = _profile.ExclusionZones.Count == 0 ? [] : _index.ZoneHits(points![k]).Concat(_inline.Hits(points[k])).ToList(),
                Nearest = near.Count == 0 ? NoNearest : near.ToDictionary(kv => kv.Key, kv => kv.Value[k]?.Hit.DistanceM),
            };
        });
        budget.ThrowIfCancelled("grid");
        double measureMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        if (points is not null) ApplyNetwork(points, distances, budget);
        double networkMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var scores = new SiteScore[n];
        Parallel.For(0, n, k => scores[k] = _scorer.Score(distances[k]));
        return (scores, new EvaluationTimings(measureMs, networkMs, clock.Elapsed.TotalMilliseconds));
    }
}
