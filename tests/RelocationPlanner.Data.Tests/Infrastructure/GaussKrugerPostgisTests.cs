using NetTopologySuite.Geometries;
using Npgsql;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Infrastructure;

/// <summary>ProjNET's Gauss-Kruger zones (Core/Geodesy) against PostGIS/PROJ on the same points and lines.</summary>
public class GaussKrugerPostgisTests : IAsyncLifetime
{
    NpgsqlDataSource db = null!;

    public async Task InitializeAsync() => db = Database.CreateDataSource(await TestDatabase.CreateAsync("gk"));

    public async Task DisposeAsync() => await db.DisposeAsync();

    public static TheoryData<double, double> OrdosPoints => new()
    {
        { 111.0, 39.0 }, { 109.5, 37.5 }, { 110.2, 40.9 }, { 111.5, 38.2 }, { 109.98765, 39.81234 }, { 112.4, 40.1 },
    };

    [Theory]
    [MemberData(nameof(OrdosPoints))]
    public async Task Zone_4546_matches_PostGIS_ST_Transform_to_the_millimetre(double lon, double lat)
    {
        Assert.Equal("PROJCS", (await Scalar<string>("SELECT left(srtext, 6) FROM spatial_ref_sys WHERE srid = 4546"))!);
        await using var cmd = db.CreateCommand("SELECT ST_X(t), ST_Y(t) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4490), 4546) t");
        cmd.Parameters.AddWithValue(lon);
        cmd.Parameters.AddWithValue(lat);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        var (e, n) = GaussKruger.ProjectToZone(lon, lat, 4546);
        Assert.InRange(Math.Abs(e - r.GetDouble(0)), 0, 0.001);
        Assert.InRange(Math.Abs(n - r.GetDouble(1)), 0, 0.001);
    }

    [Fact]
    public async Task Projected_length_agrees_with_geography_within_the_zone_scale_distortion()
    {
        // A 1.1 degree east-west line around 110.55E in zone CM 111E: up to 0.95 degrees off the meridian.
        var line = new LineString([new(110.0, 39.3), new(110.5, 39.35), new(111.1, 39.4)]);
        Assert.Equal(4546, GaussKruger.ZoneForGeometry(line).Epsg);
        var gk = GaussKruger.ProjectedLength(line);
        var geodesic = await Scalar<double>("SELECT ST_Length(ST_GeomFromText('LINESTRING(110 39.3, 110.5 39.35, 111.1 39.4)', 4326)::geography)");
        var postgisPlanar = await Scalar<double>("SELECT ST_Length(ST_Transform(ST_GeomFromText('LINESTRING(110 39.3, 110.5 39.35, 111.1 39.4)', 4490), 4546))");
        Assert.InRange(Math.Abs(gk - postgisPlanar), 0, 0.001);
        // Scale factor 1 + x²/(2R²), x <= 0.95 deg * 86 km: at most +8.2e-5, mean well below.
        var ratio = gk / geodesic - 1;
        Assert.InRange(ratio, 0, 8.2e-5);
    }

    async Task<T> Scalar<T>(string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
