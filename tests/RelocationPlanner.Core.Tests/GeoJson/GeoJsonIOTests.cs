using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Tests.GeoJson;

/// <summary>The GeoJSON adapter: GeoJSON in, WKT out; refusals name the JSON path and the rule.</summary>
public class GeoJsonIOTests
{
    static readonly WKTReader Wkt = new(GeoJsonIO.Factory.GeometryServices);

    static (Geometry? Geometry, FieldError? Error, FieldError? Warning) Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return GeoJsonIO.ReadGeometry(doc.RootElement);
    }

    [Theory]
    [InlineData("{\"type\":\"Point\",\"coordinates\":[109.5,39.5]}", "POINT (109.5 39.5)")]
    [InlineData("{\"type\":\"LineString\",\"coordinates\":[[109,39],[109.1,39.2]]}", "LINESTRING (109 39, 109.1 39.2)")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[109,39],[109.1,39],[109.1,39.1],[109,39]]]}", "POLYGON ((109 39, 109.1 39, 109.1 39.1, 109 39))")]
    [InlineData("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[109,39],[109.1,39],[109.1,39.1],[109,39]]]]}", "MULTIPOLYGON (((109 39, 109.1 39, 109.1 39.1, 109 39)))")]
    [InlineData("{\"type\":\"MultiPoint\",\"coordinates\":[[109,39],[110,40]]}", "MULTIPOINT ((109 39), (110 40))")]
    [InlineData("{\"bbox\":[1,2,3,4],\"type\":\"MultiLineString\",\"coordinates\":[[[109,39],[110,40]]]}", "MULTILINESTRING ((109 39, 110 40))")]
    public void Reads_each_type(string json, string wkt)
    {
        var (g, error, warning) = Read(json);
        Assert.Null(error);
        Assert.Null(warning);
        Assert.True(Wkt.Read(wkt).EqualsExact(g), $"{g} is not {wkt}");
        Assert.Equal(4326, g!.SRID);
    }

    [Fact]
    public void Z_is_dropped_with_a_warning()
    {
        var (g, error, warning) = Read("{\"type\":\"LineString\",\"coordinates\":[[109,39,1050.5],[109.1,39.2,1062]]}");
        Assert.Null(error);
        Assert.Equal(Rules.ZDropped, warning!.Rule);
        Assert.Equal("geometry.coordinates", warning.Field);
        Assert.True(Wkt.Read("LINESTRING (109 39, 109.1 39.2)").EqualsExact(g));
        Assert.All(g!.Coordinates, c => Assert.True(double.IsNaN(c.Z)));
    }

    [Theory]
    [InlineData("42", "geometry", Rules.GeometryRequired)]
    [InlineData("{\"coordinates\":[109,39]}", "geometry.type", Rules.GeometryType)]
    [InlineData("{\"type\":\"Circle\",\"coordinates\":[109,39]}", "geometry.type", Rules.GeometryType)]
    [InlineData("{\"type\":\"GeometryCollection\",\"geometries\":[]}", "geometry.type", Rules.GeometryType)]
    [InlineData("{\"type\":\"Point\"}", "geometry.coordinates", Rules.CoordinatesRequired)]
    [InlineData("{\"type\":\"Point\",\"coordinates\":[109]}", "geometry.coordinates", Rules.CoordinatesShape)]
    [InlineData("{\"type\":\"Point\",\"coordinates\":[\"109\",39]}", "geometry.coordinates", Rules.CoordinatesNumber)]
    [InlineData("{\"type\":\"Point\",\"coordinates\":[1e999,39]}", "geometry.coordinates", Rules.CoordinatesNumber)]
    [InlineData("{\"type\":\"LineString\",\"coordinates\":[[109,39]]}", "geometry.coordinates", Rules.TooFewPoints)]
    [InlineData("{\"type\":\"LineString\",\"coordinates\":[[109,39],[109,\"x\"]]}", "geometry.coordinates[1]", Rules.CoordinatesNumber)]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[109,39],[109.1,39],[109.1,39.1],[109,39.1]]]}", "geometry.coordinates[0]", Rules.RingNotClosed)]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[109,39],[109.1,39],[109,39]]]}", "geometry.coordinates[0]", Rules.TooFewPoints)]
    [InlineData("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[109,39],[109.1,39],[109.1,39.1],[109,39]]],[[[110,39],[110.1,39],[110.1,39.1],[110,39.1]]]]}", "geometry.coordinates[1][0]", Rules.RingNotClosed)]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[109,39],[109.1,39]]}", "geometry.coordinates[0][0]", Rules.CoordinatesShape)]
    public void Refusals_name_the_path_and_the_rule(string json, string field, string rule)
    {
        var (g, error, _) = Read(json);
        Assert.Null(g);
        Assert.Equal((field, rule), (error!.Field, error.Rule));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}", true)]
    [InlineData("{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4326\"}}", true)]
    [InlineData("{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4326\"}}", true)]
    [InlineData("{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}}", false)]
    [InlineData("\"EPSG:3857\"", false)]
    public void Crs_member_must_be_wgs84(string? crs, bool accepted)
    {
        using var doc = JsonDocument.Parse(crs ?? "null");
        var error = GeoJsonIO.CheckCrs(doc.RootElement);
        Assert.Equal(accepted, error is null);
        if (!accepted) Assert.Equal(("crs", Rules.UnknownCrs), (error!.Field, error.Rule));
    }

    [Fact]
    public void Writes_rounded_ccw_geometry_in_order_and_reads_it_back()
    {
        // Clockwise on purpose: the writer must turn exterior rings counter-clockwise.
        var square = Wkt.Read("POLYGON ((110 40, 110 40.1234567, 110.1 40.1234567, 110.1 40, 110 40))");
        var feature = GeoJsonIO.Feature(square, [new("code", "X1"), new("name", "东胜"), new("n", 3), new("on", new DateOnly(2016, 9, 30)), new("none", null)]);

        var json = GeoJsonIO.ToJson([feature]);
        var back = Assert.Single(GeoJsonIO.ReadCollection(json));

        Assert.Contains("\"properties\":{\"code\":\"X1\",\"name\":\"东胜\",\"n\":3,\"on\":\"2016-09-30\",\"none\":null}", json, StringComparison.Ordinal);
        Assert.True(Wkt.Read("POLYGON ((110 40, 110.1 40, 110.1 40.123457, 110 40.123457, 110 40))").EqualsExact(back.Geometry), back.Geometry.ToText());
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(((Polygon)back.Geometry).ExteriorRing.Coordinates));
        Assert.Equal("X1", back.Text("code"));
        Assert.Equal(3, back.Integer("n"));
        Assert.Null(back.Text("none"));
        Assert.Equal(2, json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1); // one line per feature
    }
}
