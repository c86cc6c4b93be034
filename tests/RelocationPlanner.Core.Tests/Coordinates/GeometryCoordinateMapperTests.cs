using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Coordinates;

namespace RelocationPlanner.Core.Tests.Coordinates;

public class GeometryCoordinateMapperTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    [Fact]
    public void Map_converts_every_vertex_and_leaves_input_untouched()
    {
        var shell = new[]
        {
            new Coordinate(109.7, 39.5), new Coordinate(109.9, 39.5), new Coordinate(109.9, 39.7),
            new Coordinate(109.7, 39.7), new Coordinate(109.7, 39.5),
        };
        var hole = new[]
        {
            new Coordinate(109.75, 39.55), new Coordinate(109.8, 39.55), new Coordinate(109.8, 39.6),
            new Coordinate(109.75, 39.55),
        };
        var polygon = Factory.CreatePolygon(Factory.CreateLinearRing(shell), [Factory.CreateLinearRing(hole)]);
        var collection = Factory.CreateGeometryCollection(
            [polygon, Factory.CreatePoint(new Coordinate(2.35, 48.85)), Factory.CreateLineString([new(110, 40), new(110.1, 40.1)])]);

        var converted = GeometryCoordinateMapper.Convert(collection, OffsetSystem.Wgs84, OffsetSystem.Gcj02);

        Assert.NotSame(collection, converted);
        Assert.Equal(4326, converted.SRID);
        Assert.Equal(collection.NumPoints, converted.NumPoints);
        var before = collection.Coordinates;
        var after = converted.Coordinates;
        for (var i = 0; i < before.Length; i++)
        {
            var expected = ChinaOffsets.WgsToGcj(before[i].X, before[i].Y);
            Assert.Equal(expected.Lon, after[i].X);
            Assert.Equal(expected.Lat, after[i].Y);
        }

        Assert.Equal(109.7, ((Polygon)collection.GetGeometryN(0)).Shell.GetCoordinateN(0).X); // input untouched
        Assert.Equal(2.35, after[shell.Length + hole.Length].X); // Paris unchanged
        Assert.True(converted.GetGeometryN(0).IsValid);
    }

    [Fact]
    public void Map_keeps_z_and_handles_empty()
    {
        var p = Factory.CreatePoint(new CoordinateZ(110, 40, 1234.5));
        var moved = GeometryCoordinateMapper.Map(p, (x, y) => (x + 1, y + 2));
        Assert.Equal(111, moved.Coordinate.X);
        Assert.Equal(42, moved.Coordinate.Y);
        Assert.Equal(1234.5, moved.Coordinate.Z);
        Assert.True(GeometryCoordinateMapper.Map(Factory.CreatePolygon(), (x, y) => (x, y)).IsEmpty);
    }
}
