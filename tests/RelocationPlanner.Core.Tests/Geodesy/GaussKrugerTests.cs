using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Geodesy;
using Xunit.Abstractions;

namespace RelocationPlanner.Core.Tests.Geodesy;

public class GaussKrugerTests(ITestOutputHelper output)
{
    private static readonly GeometryFactory Factory = new();

    [Theory]
    [InlineData(75.0, 4534, 75)]
    [InlineData(73.5, 4534, 75)]
    [InlineData(76.4999999, 4534, 75)]
    [InlineData(76.5, 4535, 78)] // boundary belongs to the eastern zone
    [InlineData(109.5, 4546, 111)]
    [InlineData(109.4999999, 4545, 108)]
    [InlineData(110.0, 4546, 111)] // Ordos
    [InlineData(116.391349, 4548, 117)] // Tiananmen: round(38.797) = 39 -> CM 117
    [InlineData(135.0, 4554, 135)]
    [InlineData(136.4999, 4554, 135)]
    public void ZoneFor_picks_nearest_central_meridian(double lon, int epsg, int cm)
        => Assert.Equal(new GaussKrugerZone(epsg, cm), GaussKruger.ZoneFor(lon));

    [Theory]
    [InlineData(73.4999)]
    [InlineData(136.5)]
    [InlineData(-116.0)]
    [InlineData(double.NaN)]
    public void ZoneFor_rejects_longitudes_without_zone(double lon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussKruger.ZoneFor(lon));

    [Fact]
    public void All_zones_are_EPSG_4534_to_4554()
    {
        Assert.Equal(21, GaussKruger.AllZones.Count);
        Assert.Equal(new GaussKrugerZone(4534, 75), GaussKruger.AllZones[0]);
        Assert.Equal(new GaussKrugerZone(4554, 135), GaussKruger.AllZones[^1]);
        Assert.Contains("PARAMETER[\"central_meridian\",111]", GaussKruger.Wkt(GaussKruger.ZoneFromEpsg(4546)), StringComparison.Ordinal);
        Assert.Contains("CM 111E", GaussKruger.Wkt(GaussKruger.ZoneFromEpsg(4546)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(75)]
    [InlineData(111)]
    [InlineData(135)]
    public void Point_on_central_meridian_has_easting_500000(int cm)
    {
        foreach (var lat in new[] { 0.0, 18.0, 40.0, 53.5 })
        {
            var (zone, e, _) = GaussKruger.Transform(cm, lat);
            Assert.Equal(cm, zone.CentralMeridian);
            Assert.Equal(500000.0, e);
        }
    }

    [Fact]
    public void Known_points_match_independent_computations_to_the_millimetre()
    {
        // Values from PROJ 9.1.1 (cs2cs, +proj=tmerc +ellps=GRS80 +k=1 +x_0=500000), i.e. what
        // PostGIS ST_Transform gives: Ordos (110.0, 39.6) in EPSG:4546 and Tiananmen in EPSG:4548.
        var (e1, n1) = GaussKruger.ProjectToZone(110.0, 39.6, 4546);
        Assert.Equal(414109.141359, e1, 0.001);
        Assert.Equal(4385594.514205, n1, 0.001);
        var (e2, n2) = GaussKruger.ProjectToZone(116.391349, 39.907375, 4548);
        Assert.Equal(447954.610130, e2, 0.001);
        Assert.Equal(4419421.881918, n2, 0.001);
    }

    [Fact]
    public void Zone_wide_grid_matches_Krueger_series_to_the_millimetre()
    {
        var worst = 0.0;
        foreach (var zone in new[] { GaussKruger.ZoneFromEpsg(4534), GaussKruger.ZoneFromEpsg(4546), GaussKruger.ZoneFromEpsg(4554) })
        {
            for (var dLon = -1.5; dLon <= 1.5; dLon += 0.25)
            {
                for (var lat = 18.0; lat <= 54.0; lat += 4.0)
                {
                    var lon = zone.CentralMeridian + dLon;
                    var (e, n) = GaussKruger.ProjectToZone(lon, lat, zone.Epsg);
                    var (re, rn) = KruegerReference.Forward(lon, lat, zone.CentralMeridian);
                    worst = Math.Max(worst, Math.Max(Math.Abs(e - re), Math.Abs(n - rn)));
                }
            }
        }

        output.WriteLine($"max |ProjNET - Krueger n^6| over zones 4534/4546/4554, +-1.5 deg, lat 18..54: {worst * 1000:F4} mm");
        Assert.True(worst < 0.001, $"worst deviation {worst} m");
    }

    [Fact]
    public void Forward_then_inverse_round_trips_within_1e9_degrees()
    {
        var worst = 0.0;
        foreach (var zone in GaussKruger.AllZones)
        {
            for (var dLon = -1.5; dLon <= 1.5; dLon += 0.5)
            {
                for (var lat = 15.0; lat <= 55.0; lat += 5.0)
                {
                    var lon = zone.CentralMeridian + dLon;
                    var (e, n) = GaussKruger.ProjectToZone(lon, lat, zone.Epsg);
                    var (lon2, lat2) = GaussKruger.Inverse(e, n, zone.Epsg);
                    worst = Math.Max(worst, Math.Max(Math.Abs(lon2 - lon), Math.Abs(lat2 - lat)));
                }
            }
        }

        output.WriteLine($"max round-trip error over all 21 zones: {worst:E2} deg");
        Assert.True(worst < 1e-9, $"worst round trip {worst} deg");
    }

    [Fact]
    public void One_km_north_south_on_central_meridian_equals_meridian_arc()
    {
        const double cm = 111.0, lat1 = 40.0;
        var lat2 = lat1 + (1000.0 / 111_000.0); // about 1 km north
        var line = Factory.CreateLineString([new Coordinate(cm, lat1), new Coordinate(cm, lat2)]);
        var projected = GaussKruger.ProjectedLength(line);
        var arc = KruegerReference.MeridianArc(lat1, lat2);
        output.WriteLine($"meridian arc {arc:F6} m, projected {projected:F6} m, diff {(projected - arc) * 1000:F4} mm");
        Assert.InRange(arc, 990.0, 1010.0);
        Assert.Equal(arc, projected, 0.003);
    }

    [Fact]
    public void Projected_length_uses_zone_of_centroid_and_handles_multilines()
    {
        // Two 0.1-degree east-west pieces near Ordos at lat 39.6 (zone CM 111).
        var a = Factory.CreateLineString([new Coordinate(109.9, 39.6), new Coordinate(110.0, 39.6)]);
        var b = Factory.CreateLineString([new Coordinate(110.0, 39.7), new Coordinate(110.1, 39.7)]);
        var multi = Factory.CreateMultiLineString([a, b]);
        Assert.Equal(4546, GaussKruger.ZoneForGeometry(multi).Epsg);
        var expected = 0.0;
        foreach (var (l1, l2, lat) in new[] { (109.9, 110.0, 39.6), (110.0, 110.1, 39.7) })
        {
            var (e1, n1) = KruegerReference.Forward(l1, lat, 111);
            var (e2, n2) = KruegerReference.Forward(l2, lat, 111);
            expected += Math.Sqrt(((e2 - e1) * (e2 - e1)) + ((n2 - n1) * (n2 - n1)));
        }

        Assert.Equal(expected, GaussKruger.ProjectedLength(multi), 0.001);
        Assert.Equal(0.0, GaussKruger.ProjectedLength(Factory.CreateLineString()));
        Assert.Throws<ArgumentException>(() => GaussKruger.ProjectedLength(Factory.CreatePoint(new Coordinate(110, 40))));
    }

    [Fact]
    public void Projected_area_of_small_square_on_central_meridian()
    {
        // 0.01 x 0.01 degree cell centred on CM 111 at lat 40: area ~ (dN * dE) within 0.01 %.
        var ring = Factory.CreatePolygon(
        [
            new Coordinate(110.995, 39.995), new Coordinate(111.005, 39.995), new Coordinate(111.005, 40.005),
            new Coordinate(110.995, 40.005), new Coordinate(110.995, 39.995),
        ]);
        var area = GaussKruger.ProjectedArea(ring);
        var height = KruegerReference.MeridianArc(39.995, 40.005);
        var width = KruegerReference.Forward(111.005, 40.0, 111).Easting - KruegerReference.Forward(110.995, 40.0, 111).Easting;
        Assert.Equal(1.0, area / (height * width), 1e-4);
        Assert.Equal(0.0, GaussKruger.ProjectedArea(Factory.CreatePolygon()));
        Assert.Throws<ArgumentException>(() => GaussKruger.ProjectedArea(Factory.CreateLineString()));
    }

    [Fact]
    public void Project_returns_new_geometry_with_zone_srid()
    {
        var p = Factory.CreatePoint(new Coordinate(111.0, 40.0));
        var projected = GaussKruger.Project(p, 4546);
        Assert.Equal(4546, projected.SRID);
        Assert.Equal(500000.0, projected.Coordinate.X);
        Assert.Equal(111.0, p.X); // input untouched
    }
}
