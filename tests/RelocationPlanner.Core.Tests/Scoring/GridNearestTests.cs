using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

/// <summary>The grid search (shared candidates per block) must give the per-point search's answer for every cell.</summary>
public class GridNearestTests
{
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    static Geometry?[] Lines(Random rng, int n) => Enumerable.Range(0, n).Select(_ =>
    {
        double x = 108 + rng.NextDouble() * 0.6, y = 38.5 + rng.NextDouble() * 0.5;
        return (Geometry?)F.CreateLineString([new(x, y), new(x + (rng.NextDouble() - 0.5) * 0.02, y + (rng.NextDouble() - 0.5) * 0.02)]);
    }).ToArray();

    static Geometry?[] Points(Random rng, int n) => Enumerable.Range(0, n)
        .Select(_ => (Geometry?)F.CreatePoint(new Coordinate(108 + rng.NextDouble() * 0.6, 38.5 + rng.NextDouble() * 0.5))).ToArray();

    [Theory]
    [InlineData(true, 2000, 0.004)]   // dense lines, small cells: blocks of several cells
    [InlineData(false, 15, 0.01)]     // sparse points: large blocks, far answers
    [InlineData(true, 3, 0.02)]       // almost nothing: answers outside the grid
    public void Every_cell_gets_the_same_nearest_as_a_point_search(bool lines, int n, double cell)
    {
        var rng = new Random(42 + n);
        var index = new GeodesicNearestIndex(lines ? Lines(rng, n) : Points(rng, n));
        var grid = new LonLatGrid(107.9, 38.4, cell, cell * 0.8, (int)(0.8 / cell), (int)(0.7 / (cell * 0.8)));
        Func<int, bool> odd = f => f % 2 == 1;
        foreach (var accept in new[] { null, odd })
        {
            var hits = index.NearestOnGrid(grid, accept);
            Assert.Equal(grid.Count, hits.Length);
            for (int j = 0; j < grid.Rows; j++)
                for (int i = 0; i < grid.Columns; i++)
                {
                    var expected = index.NearestToPoint(grid.CentreLon(i), grid.CentreLat(j), accept);
                    var got = hits[j * grid.Columns + i];
                    Assert.NotNull(expected);
                    Assert.NotNull(got);
                    Assert.Equal(expected.Value.DistanceM, got.Value.DistanceM, 6);
                    Assert.Equal(expected.Value.Feature, got.Value.Feature);
                }
        }
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        var index = new GeodesicNearestIndex([]);
        Assert.All(index.NearestOnGrid(new LonLatGrid(108, 38, 0.01, 0.01, 3, 2)), h => Assert.Null(h));
    }
}
