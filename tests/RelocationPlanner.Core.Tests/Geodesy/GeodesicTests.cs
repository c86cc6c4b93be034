using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Core.Tests.Geodesy;

public class GeodesicTests
{
    [Fact]
    public void Equator_one_degree_of_longitude_is_111319_49_m() =>
        Assert.Equal(111_319.491, Geodesic.Distance(0, 0, 1, 0), 2);

    [Fact]
    public void Meridian_degree_grows_from_equator_to_pole()
    {
        // Published WGS84 meridian arc lengths for one degree of latitude.
        Assert.Equal(110_574.389, Geodesic.Distance(0, 0, 0, 1), 1);
        Assert.Equal(111_693.9, Geodesic.Distance(0, 89, 0, 90), 0);
    }

    [Fact]
    public void Flinders_Peak_to_Buninyong_matches_Vincentys_published_value()
    {
        // Geoscience Australia's worked example for Vincenty's formulae: 54 972.271 m.
        double lat1 = -(37 + 57 / 60.0 + 3.72030 / 3600), lon1 = 144 + 25 / 60.0 + 29.52440 / 3600;
        double lat2 = -(37 + 39 / 60.0 + 10.15610 / 3600), lon2 = 143 + 55 / 60.0 + 35.38390 / 3600;
        Assert.Equal(54_972.271, Geodesic.Distance(lon1, lat1, lon2, lat2), 2);
    }

    [Fact]
    public void Distance_is_symmetric_and_zero_for_same_point()
    {
        double ab = Geodesic.Distance(109.78, 39.61, 110.35, 39.05);
        Assert.Equal(ab, Geodesic.Distance(110.35, 39.05, 109.78, 39.61), 6);
        Assert.Equal(0, Geodesic.Distance(109.78, 39.61, 109.78, 39.61));
    }

    [Fact]
    public void Length_sums_vertex_to_vertex_and_is_zero_for_empty_line()
    {
        var f = new GeometryFactory(new PrecisionModel(), 4326);
        var line = f.CreateLineString([new(110, 39), new(110.1, 39), new(110.1, 39.1)]);
        double expected = Geodesic.Distance(110, 39, 110.1, 39) + Geodesic.Distance(110.1, 39, 110.1, 39.1);
        Assert.Equal(expected, Geodesic.Length(line), 9);
        Assert.Equal(0, Geodesic.Length(f.CreateLineString()));
    }

    [Fact]
    public void Rejects_latitude_out_of_range() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Geodesic.Distance(0, 91, 0, 0));
}
