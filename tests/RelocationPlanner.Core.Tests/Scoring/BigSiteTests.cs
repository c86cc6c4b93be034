using System.Diagnostics;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

/// <summary>
/// Sites with many vertices: the indexed path (edge tree, point-in-area) must give a plain scan's
/// answer, and the engine must stop inside a long search when cancelled, naming the site.
/// </summary>
public class BigSiteTests
{
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    /// <summary>A wavy ring of <paramref name="n"/> vertices around (lon, lat), radius r degrees of latitude.</summary>
    static Coordinate[] Ring(int n, double lon, double lat, double r)
    {
        var ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++)
        {
            double a = 2 * Math.PI * i / n, k = r * (1 + 0.05 * Math.Sin(a * 40));
            ring[i] = new Coordinate(lon + k * Math.Cos(a) / Math.Cos(lat * Math.PI / 180), lat + k * Math.Sin(a));
        }
        ring[n] = ring[0];
        return ring;
    }

    static Geometry?[] Items(bool lines, int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double x = 108 + rng.NextDouble() * 0.6, y = 38.5 + rng.NextDouble() * 0.5;
            return lines
                ? (Geometry?)F.CreateLineString([new(x, y), new(x + (rng.NextDouble() - 0.5) * 0.01, y + (rng.NextDouble() - 0.5) * 0.01)])
                : F.CreatePoint(new Coordinate(x, y));
        }).ToArray();
    }

    /// <summary>The answer by brute force: NTS's plain distance to every item in the same tangent plane, lowest feature on a tie.</summary>
    static (int Feature, double PlanarM) PlainScan(Geometry site, Geometry?[] items)
    {
        var c = site.EnvelopeInternal.Centre;
        var (kx, ky) = Geodesic.MetresPerDegree(c.Y);
        Geometry ToPlane(Geometry g)
        {
            var copy = g.Copy();
            foreach (var p in copy.Coordinates) { p.X = (p.X - c.X) * kx; p.Y = (p.Y - c.Y) * ky; }
            copy.GeometryChanged();
            return copy;
        }
        var planar = ToPlane(site);
        return items.Select((g, f) => (f, planar.Distance(ToPlane(g!)))).MinBy(x => (x.Item2, x.f));
    }

    [Theory]
    [InlineData(true, "inside")]    // the polygon covers items: 0, the lowest feature touching it
    [InlineData(false, "inside")]
    [InlineData(true, "annulus")]   // items in the hole are outside: the edge distance decides
    [InlineData(false, "annulus")]
    [InlineData(true, "apart")]     // nothing near: the search radius has to grow
    [InlineData(false, "apart")]
    public void A_big_polygon_gets_the_answer_of_a_plain_scan(bool lines, string shape)
    {
        var items = Items(lines, 400, lines ? 1 : 2);
        var (lon, lat) = shape == "apart" ? (107.7, 38.7) : (108.3, 38.75);
        var outer = F.CreateLinearRing(Ring(6000, lon, lat, 0.08));
        var site = shape == "annulus"
            ? F.CreatePolygon(outer, [F.CreateLinearRing(Ring(6000, lon, lat, 0.07).Reverse().ToArray())])
            : F.CreatePolygon(outer);
        Assert.True(site.IsValid);

        var (feature, planar) = PlainScan(site, items);
        var hit = new GeodesicNearestIndex(items).Nearest(site);
        Assert.NotNull(hit);
        Assert.Equal(feature, hit.Value.Feature);
        if (shape == "inside") Assert.Equal(0, planar);
        if (planar == 0) Assert.Equal(0, hit.Value.DistanceM);
        else Assert.Equal(planar, hit.Value.DistanceM, planar * 0.002);
    }

    /// <summary>
    /// A comb: teeth a few metres wide between columns of a well grid, so every well is near the site
    /// and none inside; each well costs an edge-distance query.
    /// </summary>
    static Polygon Comb(int teeth, int verticesPerSide)
    {
        var pts = new List<Coordinate> { new(107.99, 37.98) };
        for (int t = 0; t < teeth; t++)
        {
            double x = 108 + t * 0.0025;
            var ys = Enumerable.Range(0, verticesPerSide + 1).Select(k => 37.99 + 0.52 * k / verticesPerSide).ToArray();
            pts.AddRange(ys.Select(y => new Coordinate(x, y)));
            pts.AddRange(ys.Reverse().Select(y => new Coordinate(x + 0.0001, y)));
        }
        pts.Add(new(108 + teeth * 0.0025, 37.99));
        pts.Add(new(108 + teeth * 0.0025, 37.98));
        pts.Add(pts[0]);
        return F.CreatePolygon([.. pts]);
    }

    static InfrastructureIndex WellGrid(int columns, int rows)
    {
        var geoms = new List<Geometry>();
        for (int i = 0; i < columns; i++)
            for (int j = 0; j < rows; j++)
                geoms.Add(F.CreatePoint(new Coordinate(108 + i * 0.0025 + 0.00125, 38 + j * 0.0025)));
        LayerData Layer(string name, Geometry[] g) => new(name, [.. g.Select((_, k) => (long)k)], [.. g.Select((_, k) => $"{name}{k}")],
            [.. g.Select(_ => InfrastructureStatus.Completed)], new string?[g.Length], new double[g.Length], new string?[g.Length], g);
        var layers = new[] { "roads", "wells", "power_lines", "towns", "settlements", "exclusion_zones" }
            .ToDictionary(l => l, l => Layer(l, l == "wells" ? [.. geoms] : []));
        var snapshot = new LayerSnapshot(layers.Keys.ToDictionary(l => l, _ => 1L), layers);
        return InfrastructureIndex.Build(null, snapshot, [.. layers.Keys]);
    }

    [Fact]
    public void Cancelling_stops_a_long_search_inside_a_big_site_and_names_it()
    {
        var index = WellGrid(200, 200);
        var comb = Comb(200, 50);
        Assert.True(comb.IsValid);
        Geometry[] sites = [F.CreatePoint(new Coordinate(108.3, 38.3)), comb];
        var evaluator = new SiteEvaluator(index, ScoringProfile.Default);

        // Without a budget the comb takes a while (the control for the timing below).
        var clock = Stopwatch.StartNew();
        var (results, _, _) = evaluator.Evaluate(sites, ["P", "COMB"], false);
        var full = clock.Elapsed;
        Assert.True(results[1].Criteria.Single(c => c.Criterion == Criteria.Water).DistanceM > 5);

        var cut = TimeSpan.FromTicks(full.Ticks / 10);
        using var cts = new CancellationTokenSource(cut);
        clock.Restart();
        var e = Assert.Throws<ScoringCancelledException>(() => evaluator.Evaluate(sites, ["P", "COMB"], false, cts.Token));
        var stopped = clock.Elapsed;
        Assert.Equal(1, e.Site);
        Assert.Equal("measure", e.Stage);
        Assert.False(e.SiteBudgetExceeded);
        Assert.True(stopped < cut + TimeSpan.FromMilliseconds(300) && stopped < full / 2, $"stopped after {stopped.TotalMilliseconds} ms; budget {cut.TotalMilliseconds} ms, full {full.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_site_over_its_own_budget_fails_the_evaluation_by_name()
    {
        var index = WellGrid(200, 200);
        Geometry[] sites = [F.CreatePoint(new Coordinate(108.3, 38.3)), F.CreatePoint(new Coordinate(108.2, 38.2)), Comb(200, 50)];
        var evaluator = new SiteEvaluator(index, ScoringProfile.Default);
        // Points need well under a millisecond each (warmed up here, so start-up does not count).
        var (results, _, _) = evaluator.Evaluate(sites[..2], ["P1", "P2"], false, perSiteBudget: TimeSpan.FromMilliseconds(300));
        Assert.Equal(2, results.Length);

        var e = Assert.Throws<ScoringCancelledException>(() =>
            evaluator.Evaluate(sites, ["P1", "P2", "COMB"], false, perSiteBudget: TimeSpan.FromMilliseconds(300)));
        Assert.Equal(2, e.Site);
        Assert.True(e.SiteBudgetExceeded);
    }
}
