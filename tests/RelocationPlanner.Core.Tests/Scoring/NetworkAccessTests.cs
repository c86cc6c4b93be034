using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

public class NetworkAccessTests
{
    private static readonly WKTReader Wkt = new();
    private static Geometry G(string wkt) => Wkt.Read(wkt);
    private static Point P(double x, double y) => (Point)G(FormattableString.Invariant($"POINT({x} {y})"));
    private static double D(double x1, double y1, double x2, double y2) => Geodesic.Distance(x1, y1, x2, y2);

    // L-shaped road: east along 39°N, then north along 110.01°E.
    private static readonly double Leg1 = D(110, 39, 110.01, 39);
    private static readonly double Leg2 = D(110.01, 39, 110.01, 39.01);

    [Fact]
    public void L_shaped_road_town_at_one_end_site_beside_the_other()
    {
        var graph = RoadGraph.Build([G("LINESTRING(110 39, 110.01 39, 110.01 39.01)")]);
        Assert.Equal(3, graph.NodeCount);
        var d = NetworkAccess.Compute([P(110.0105, 39.011)], graph, [P(110, 39)]);
        // The site's nearest road point is the north end (the vertical segment clamps there).
        double expected = D(110.0105, 39.011, 110.01, 39.01) + Leg2 + Leg1;
        Assert.Equal(expected, d[0]!.Value, 6);
    }

    [Fact]
    public void Town_beside_the_middle_of_a_segment_splits_it()
    {
        var graph = RoadGraph.Build([G("LINESTRING(110 39, 110.01 39, 110.01 39.01)")]);
        // Town south of the first segment: its road point is (110.005, 39) on the horizontal segment.
        var d = NetworkAccess.Compute([P(110.01, 39.01)], graph, [P(110.005, 38.999)]);
        double townLeg = D(110.005, 38.999, 110.005, 39);
        double expected = townLeg + (Leg1 - D(110, 39, 110.005, 39)) + Leg2;
        Assert.Equal(expected, d[0]!.Value, 6);
    }

    [Fact]
    public void Site_and_town_on_the_same_segment_go_straight_along_it()
    {
        var graph = RoadGraph.Build([G("LINESTRING(110 39, 110.01 39, 110.01 39.01)")]);
        var d = NetworkAccess.Compute([P(110.008, 39.001)], graph, [P(110.002, 38.999)]);
        double expected = D(110.002, 38.999, 110.002, 39) + (D(110, 39, 110.008, 39) - D(110, 39, 110.002, 39)) + D(110.008, 39.001, 110.008, 39);
        Assert.Equal(expected, d[0]!.Value, 6);
    }

    [Fact]
    public void Lines_connect_at_shared_interior_vertices_and_snapped_ends()
    {
        // B starts at A's interior vertex (a T junction); C's start is 5e-8° off B's end (snapped).
        var graph = RoadGraph.Build(
        [
            G("LINESTRING(110 39, 110.01 39, 110.02 39)"),
            G("LINESTRING(110.01 39, 110.01 39.01)"),
            G("LINESTRING(110.01000005 39.01, 110.02 39.01)"),
        ]);
        Assert.Equal(5, graph.NodeCount);
        Assert.Equal(4, graph.SegmentCount);
        var d = NetworkAccess.Compute([P(110.02, 39.01)], graph, [P(110.02, 39)]);
        double expected = D(110.02, 39, 110.01, 39) + Leg2 + D(110.01, 39.01, 110.02, 39.01);
        Assert.Equal(expected, d[0]!.Value, 3);
    }

    [Fact]
    public void Disconnected_component_gives_null_and_empty_inputs_are_handled()
    {
        var graph = RoadGraph.Build(
        [
            G("LINESTRING(110 39, 110.01 39, 110.01 39.01)"),
            G("LINESTRING(111 40, 111.01 40)"),
        ]);
        var d = NetworkAccess.Compute([P(111.005, 40.001), P(110.01, 39.01), G("POINT EMPTY")], graph, [P(110, 39)]);
        Assert.Null(d[0]);
        Assert.Equal(Leg1 + Leg2, d[1]!.Value, 6);
        Assert.Null(d[2]);
        Assert.Equal([null], NetworkAccess.Compute([P(110, 39)], graph, []));
        Assert.Equal([null], NetworkAccess.Compute([P(110, 39)], RoadGraph.Build([]), [P(110, 39)]));
    }

    [Fact]
    public void Polygon_site_measures_from_its_edge_not_its_centroid()
    {
        var graph = RoadGraph.Build([G("LINESTRING(110 39, 110.01 39, 110.01 39.01)")]);
        // A wedge pointing west at the vertical road; its tip (110.011, 39.005) is the nearest point,
        // while its centroid lies about 600 m farther east.
        var wedge = G("POLYGON((110.011 39.005, 110.02 39.004, 110.02 39.006, 110.011 39.005))");
        var d = NetworkAccess.Compute([wedge], graph, [P(110, 39)]);
        double expected = Leg1 + D(110.01, 39, 110.01, 39.005) + D(110.011, 39.005, 110.01, 39.005);
        Assert.Equal(expected, d[0]!.Value, 6);
        var touching = G("POLYGON((110.009 39.009, 110.02 39.009, 110.02 39.02, 110.009 39.02, 110.009 39.009))");
        Assert.Equal(Leg1 + D(110.01, 39, 110.01, 39.009), NetworkAccess.Compute([touching], graph, [P(110, 39)])[0]!.Value, 1);
    }

    [Fact]
    public void The_generated_road_network_takes_every_road_to_a_town()
    {
        var g = new Generation.ScaleGenerator(3);
        var roads = g.RoadNetwork(3000, 20).Select(f => f.Geometry).ToList();
        Assert.Equal(3000, roads.Count);
        var towns = g.Towns(20).Select(t => (Point)t.Geometry).ToList();
        // Chains start at towns or branch off earlier chains: from the middle of any road, some town is reachable.
        var mids = roads.Select(r => (Geometry)r.Centroid).ToList();
        var d = NetworkAccess.Compute(mids, RoadGraph.Build(roads), towns);
        Assert.All(d, x => Assert.NotNull(x));
    }
}
