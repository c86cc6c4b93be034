using NetTopologySuite.Geometries;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Tests.DemoData;

public class EChartsGeoDecoderTests
{
    // A 10 x 10 unit square at (110, 40) degrees: offsets 110*1024, 40*1024, unit 1/1024 degree.
    // Deltas (0,0) (10,0) (0,10) (-10,0) (0,-10); zigzag 0->0, 10->20, -10->19; +64 -> '@' 'T' 'S'.
    private const string Square = "@@T@@TS@@S";

    [Fact]
    public void Decodes_a_hand_made_ring()
    {
        var ring = EChartsGeoDecoder.DecodeRing(Square, 112640, 40960);

        Assert.Equal(5, ring.Length);
        Assert.Equal(new Coordinate(110, 40), ring[0]);
        Assert.Equal(new Coordinate(110 + (10 / 1024.0), 40), ring[1]);
        Assert.Equal(new Coordinate(110 + (10 / 1024.0), 40 + (10 / 1024.0)), ring[2]);
        Assert.Equal(new Coordinate(110, 40 + (10 / 1024.0)), ring[3]);
        Assert.Equal(ring[0], ring[4]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, -1)]
    [InlineData(2, 1)]
    [InlineData(19, -10)]
    [InlineData(20, 10)]
    public void Zigzag_maps_small_codes_to_small_deltas(long code, long delta) =>
        Assert.Equal(delta, EChartsGeoDecoder.ZigZag(code));

    [Fact]
    public void Encoding_round_trips_including_large_deltas()
    {
        (long, long)[] units = [(112640, 40960), (113640, 40000), (113000, 41500), (112640, 40960)];
        var encoded = EChartsGeoDecoder.EncodeRing(units, 112000, 40000);
        var decoded = EChartsGeoDecoder.DecodeRing(encoded, 112000, 40000);

        Assert.Equal(units.Select(u => new Coordinate(u.Item1 / 1024.0, u.Item2 / 1024.0)), decoded);
    }

    [Fact]
    public void Reads_features_out_of_a_register_map_script()
    {
        var script = "(function(){echarts.registerMap('demo', {\"type\":\"FeatureCollection\",\"features\":[" +
            "{\"type\":\"Feature\",\"id\":\"150699\",\"properties\":{\"name\":\"测试旗\",\"cp\":[110,40]}," +
            "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\"" + Square + "\"],\"encodeOffsets\":[[112640,40960]]}}]," +
            "\"UTF8Encoding\":true});}));";

        var feature = Assert.Single(EChartsGeoDecoder.DecodeScript(script));

        Assert.Equal("150699", feature.Id);
        Assert.Equal("测试旗", feature.Name);
        var polygon = Assert.IsType<Polygon>(feature.Geometry);
        Assert.True(polygon.IsValid);
        Assert.Equal(100 / (1024.0 * 1024.0), polygon.Area, 12);
    }

    [Fact]
    public void Banner_outlines_put_parents_first_and_keep_codes_from_the_file()
    {
        var decoded = new[]
        {
            new EChartsFeature("150621", "达拉特旗", new GeometryFactory().CreatePolygon(
                EChartsGeoDecoder.DecodeRing(Square, 112640, 40960))),
        };

        var (features, report) = BannerOutlines.Build(decoded);

        Assert.Equal(["15", "1506", "150621"], features.Select(f => f.Text("code")));
        Assert.Equal(["province", "city", "county"], features.Select(f => f.Text("level")));
        Assert.Null(features[0].Text("parent_code"));
        Assert.Equal("1506", features[2].Text("parent_code"));
        Assert.All(features, f => Assert.IsType<MultiPolygon>(f.Geometry));
        Assert.Empty(report.FixedWithBuffer0);
    }
}
