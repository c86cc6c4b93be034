using RelocationPlanner.Core.Coordinates;
using Xunit.Abstractions;

namespace RelocationPlanner.Core.Tests.Coordinates;

public class ChinaOffsetsTests(ITestOutputHelper output)
{
    // Sample points across China (lon, lat in degrees, WGS84): Beijing, Ordos, Lhasa, Harbin,
    // Urumqi, Sanya, Shanghai, Kashgar.
    public static TheoryData<double, double> Points => new()
    {
        { 116.391349, 39.907375 },
        { 109.781327, 39.608266 },
        { 91.1172, 29.6469 },
        { 126.6424, 45.7567 },
        { 87.6168, 43.8256 },
        { 109.5119, 18.2528 },
        { 121.4737, 31.2304 },
        { 75.9897, 39.4704 },
    };

    [Fact]
    public void Wgs_to_gcj_reproduces_published_pairs()
    {
        // Published pair (the test values of the widely used open-source "coordtransform"
        // library, repeated in several ports): WGS84 (116.404, 39.915) -> GCJ-02
        // (116.41024449916938, 39.91640428150164).
        var (lon, lat) = ChinaOffsets.WgsToGcj(116.404, 39.915);
        Assert.Equal(116.41024449916938, lon, 1e-9);
        Assert.Equal(39.91640428150164, lat, 1e-9);

        // Often quoted pair for Tiananmen: WGS84 (116.391349, 39.907375) ~ GCJ-02 (116.397590, 39.908775),
        // given to 6 decimals.
        (lon, lat) = ChinaOffsets.WgsToGcj(116.391349, 39.907375);
        Assert.Equal(116.397590, lon, 1e-5);
        Assert.Equal(39.908775, lat, 1e-5);
    }

    [Fact]
    public void Gcj_bd_reproduce_published_pairs()
    {
        // Same source: GCJ-02 (116.404, 39.915) -> BD-09 (116.41036949371029, 39.92133699351021)
        // and BD-09 (116.404, 39.915) -> GCJ-02 (116.39762729119315, 39.90865673957631); the
        // latter is the closed-form approximate inverse, which ours refines (differs ~1e-6 deg).
        var (lon, lat) = ChinaOffsets.GcjToBd(116.404, 39.915);
        Assert.Equal(116.41036949371029, lon, 1e-9);
        Assert.Equal(39.92133699351021, lat, 1e-9);
        (lon, lat) = ChinaOffsets.BdToGcj(116.404, 39.915);
        Assert.Equal(116.39762729119315, lon, 2e-6);
        Assert.Equal(39.90865673957631, lat, 2e-6);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Gcj_round_trip_within_1e7_degrees_and_offset_is_hundreds_of_metres(double lon, double lat)
    {
        var (gLon, gLat) = ChinaOffsets.WgsToGcj(lon, lat);
        var (wLon, wLat) = ChinaOffsets.GcjToWgs(gLon, gLat);
        var error = Math.Max(Math.Abs(wLon - lon), Math.Abs(wLat - lat));
        var offset = OffsetMetres(lon, lat, gLon, gLat);
        output.WriteLine($"({lon}, {lat}): offset {offset:F1} m, WGS->GCJ->WGS error {error:E2} deg");
        Assert.True(error < 1e-7, $"round trip error {error}");
        Assert.InRange(offset, 50.0, 1000.0);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Bd_round_trips(double lon, double lat)
    {
        var (bLon, bLat) = ChinaOffsets.GcjToBd(lon, lat);
        var (gLon, gLat) = ChinaOffsets.BdToGcj(bLon, bLat);
        Assert.Equal(lon, gLon, 1e-8);
        Assert.Equal(lat, gLat, 1e-8);

        var (b2Lon, b2Lat) = ChinaOffsets.WgsToBd(lon, lat);
        var (wLon, wLat) = ChinaOffsets.BdToWgs(b2Lon, b2Lat);
        Assert.Equal(lon, wLon, 1e-7);
        Assert.Equal(lat, wLat, 1e-7);
        Assert.InRange(OffsetMetres(lon, lat, b2Lon, b2Lat), 200.0, 2000.0);
    }

    [Theory]
    [InlineData(2.3522, 48.8566)] // Paris
    [InlineData(139.6917, 35.6895)] // Tokyo, east of the box
    [InlineData(116.4, 56.0)] // north of the box
    [InlineData(116.4, -10.0)]
    public void Points_outside_china_are_unchanged(double lon, double lat)
    {
        Assert.True(ChinaOffsets.IsOutsideChina(lon, lat));
        Assert.Equal((lon, lat), ChinaOffsets.WgsToGcj(lon, lat));
        Assert.Equal((lon, lat), ChinaOffsets.GcjToWgs(lon, lat));
    }

    [Fact]
    public void Non_finite_input_is_returned_unchanged()
    {
        var (lon, lat) = ChinaOffsets.WgsToGcj(double.NaN, 40.0);
        Assert.True(double.IsNaN(lon));
        Assert.Equal(40.0, lat);
        (lon, _) = ChinaOffsets.BdToWgs(double.PositiveInfinity, 40.0);
        Assert.True(double.IsPositiveInfinity(lon));
    }

    [Fact]
    public void Converter_selects_the_right_function()
    {
        Assert.Equal(ChinaOffsets.WgsToGcj(110, 40), ChinaOffsets.Converter(OffsetSystem.Wgs84, OffsetSystem.Gcj02)(110, 40));
        Assert.Equal(ChinaOffsets.BdToWgs(110, 40), ChinaOffsets.Converter(OffsetSystem.Bd09, OffsetSystem.Wgs84)(110, 40));
        Assert.Equal((110.0, 40.0), ChinaOffsets.Converter(OffsetSystem.Gcj02, OffsetSystem.Gcj02)(110, 40));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChinaOffsets.Converter((OffsetSystem)42, OffsetSystem.Wgs84));
    }

    private static double OffsetMetres(double lon1, double lat1, double lon2, double lat2)
    {
        // Local equirectangular approximation: fine for sub-kilometre offsets.
        const double metresPerDegree = 111_195.0;
        var dx = (lon2 - lon1) * metresPerDegree * Math.Cos(lat1 * Math.PI / 180.0);
        var dy = (lat2 - lat1) * metresPerDegree;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
