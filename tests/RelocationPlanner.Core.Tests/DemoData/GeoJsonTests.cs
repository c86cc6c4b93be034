using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Tests.DemoData;

public class GeoJsonTests
{
    [Fact]
    public void Writes_rounded_ccw_geometry_and_reads_it_back()
    {
        var f = new GeometryFactory(new PrecisionModel(), 4326);
        // Clockwise on purpose: the writer must turn exterior rings counter-clockwise.
        var square = f.CreatePolygon([new(110, 40), new(110, 40.1234567), new(110.1, 40.1234567), new(110.1, 40), new(110, 40)]);
        var feature = new GeoFeature(square, [new("code", "X1"), new("name", "东胜"), new("n", 3), new("none", null)]);

        var json = GeoJsonWriter.ToJson([feature]);
        var back = Assert.Single(GeoJsonReader.ReadFeatureCollection(json));

        Assert.Contains("40.123457", json, StringComparison.Ordinal);
        Assert.Contains("东胜", json, StringComparison.Ordinal);
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(((Polygon)back.Geometry).ExteriorRing.Coordinates));
        Assert.Equal("X1", back.Text("code"));
        Assert.Equal(3, back.Integer("n"));
        Assert.Null(back["none"]);
        Assert.Equal(square.Area, back.Geometry.Area, 6);
    }
}
