using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Core.Tests.Spatial;

public class LonLatBoxTests
{
    [Fact]
    public void Four_numbers_in_order_are_a_box()
    {
        var e = LonLatBox.Parse("109.5,39.2,110.25,39.9")!.Value;
        Assert.Equal((109.5, 39.2, 110.25, 39.9), (e.MinX, e.MinY, e.MaxX, e.MaxY));
        Assert.NotNull(LonLatBox.Parse("110,39,110,39")); // a point is a box (OGC); the surface asks for an area itself
    }

    [Fact]
    public void Six_numbers_carry_heights_only_where_allowed()
    {
        var e = LonLatBox.Parse("109,39,-10,110,40,500", allowHeights: true)!.Value;
        Assert.Equal((109.0, 39.0, 110.0, 40.0), (e.MinX, e.MinY, e.MaxX, e.MaxY));
        Assert.Null(LonLatBox.Parse("109,39,-10,110,40,500"));
    }

    [Theory]
    [InlineData("109,39,110")]
    [InlineData("109,39,110,40,1")]
    [InlineData("110,39,109,40")]          // min > max
    [InlineData("109,40,110,39")]
    [InlineData("109,39,110,Infinity")]
    [InlineData("109,39,110,NaN")]
    [InlineData("109,39,110,abc")]
    [InlineData("39.5,109,40,110")]        // swapped lon/lat: latitude 109 is outside -90..90
    [InlineData("-181,0,0,10")]
    [InlineData("109,39,110,40;DROP")]
    public void Anything_else_is_refused(string text) => Assert.Null(LonLatBox.Parse(text));
}
