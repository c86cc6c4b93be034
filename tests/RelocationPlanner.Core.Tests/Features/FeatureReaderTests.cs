using System.Text.Json;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Tests.Features;

public class FeatureReaderTests
{
    static (ParsedFeature? Feature, List<FieldError> Errors) Read(string json, CollectionSpec c) =>
        FeatureReader.Read(JsonDocument.Parse(json).RootElement, c);

    [Fact]
    public void A_valid_admin_polygon_is_promoted_to_multipolygon_and_typed()
    {
        var (f, errors) = Read("""
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[109,39],[110,39],[110,40],[109,40],[109,39]]]},
             "properties":{"code":"150602","name":"东胜区","level":"county","parent_code":"1506","extra":"ignored"}}
            """, Collections.AdminUnits);
        Assert.Empty(errors);
        Assert.IsType<MultiPolygon>(f!.Geometry);
        Assert.Equal(4326, f.Geometry.SRID);
        Assert.Equal("150602", f.Code);
        Assert.False(f.Values.ContainsKey("extra"));
    }

    [Fact]
    public void Numbers_and_dates_are_parsed_and_ranges_checked()
    {
        var (f, errors) = Read("""
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[109,39,1200],[109.1,39.1,1210]]},
             "properties":{"code":"P1","voltage_kv":"35.5","status":"completed","planned_on":"2016-01-02","started_on":"2016-03-01","completed_on":"2016-11-30"}}
            """, Collections.PowerLines);
        Assert.Empty(errors);
        Assert.Equal(35.5m, f!.Values["voltage_kv"]);
        Assert.Equal(new DateOnly(2016, 11, 30), f.Values["completed_on"]);
        Assert.True(double.IsNaN(f.Geometry.Coordinates[0].Z)); // stored 2D
    }

    [Fact]
    public void Dates_out_of_order_and_completion_before_status_are_refused()
    {
        var (_, errors) = Read("""
            {"type":"Feature","geometry":{"type":"Point","coordinates":[109,39]},
             "properties":{"code":"W1","well_type":"other","status":"planned","started_on":"2016-05-01","completed_on":"2016-04-01"}}
            """, Collections.Wells);
        Assert.Contains(errors, e => e.Field == "properties.completed_on" && e.Rule == "dates_in_order");
        Assert.Contains(errors, e => e.Field == "properties.completed_on" && e.Rule == "status_dates");
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[300,39]}""", "outside_china")]
    [InlineData("""{"type":"Point","coordinates":[39.8,109.9]}""", "outside_china")]
    [InlineData("""{"type":"Point","coordinates":[500000,4400000]}""", "outside_china")]
    [InlineData("""{"type":"Point","coordinates":[109]}""", "coordinates_shape")]
    [InlineData("""{"type":"Curve","coordinates":[109,39]}""", "geometry_type")]
    [InlineData("""{"type":"Point"}""", "coordinates_required")]
    public void Bad_point_geometries_name_the_rule(string geometry, string rule)
    {
        var (f, errors) = Read("{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"code\":\"T\",\"name\":\"n\",\"town_level\":\"township\"}}", Collections.Towns);
        Assert.Null(f);
        Assert.Equal(rule, Assert.Single(errors).Rule);
    }

    [Fact]
    public void Bow_tie_polygon_is_invalid_with_the_location()
    {
        var (_, errors) = Read("""
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[109,39],[110,40],[110,39],[109,40],[109,39]]]},
             "properties":{"code":"S","name":"n","site_type":"centralized","capacity_households":5}}
            """, Collections.Sites);
        var e = Assert.Single(errors);
        Assert.Equal("geometry_invalid", e.Rule);
        Assert.Contains("109.5", e.Message); // the self-intersection point
    }
}
