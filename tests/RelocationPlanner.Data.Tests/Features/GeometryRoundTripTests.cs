using NetTopologySuite.Geometries;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data.Features;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Scoring;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Features;

/// <summary>
/// Geometries go to PostGIS and back as NTS values (binary COPY, parameters, reader values): every
/// coordinate comes back bit for bit, with SRID 4326, on each write path.
/// </summary>
public class GeometryRoundTripTests
{
    // Full double precision: any text or rounding step on the way would change the last digits.
    const double X1 = 108.12345678901234, Y1 = 38.98765432109876, X2 = 108.5000000000001, Y2 = 38.1234567890123;

    [Fact]
    public async Task Direct_and_staged_imports_and_feature_writes_keep_every_coordinate_and_the_srid()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("geomrt"));

        // Roads have no unit reference: the direct binary COPY path.
        var roads = await ImportAsync(db, Collections.Roads, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"R1","road_class":"county","status":"planned"},
             "geometry":{"type":"LineString","coordinates":[[108.12345678901234,38.98765432109876],[108.5000000000001,38.1234567890123]]}}]}
            """);
        Assert.Equal(1, roads.Imported);
        var road = Assert.Single(await ReadAsync(db, "roads"));
        Assert.Equal(4326, road.SRID);
        Assert.Equal(new[] { new Coordinate(X1, Y1), new Coordinate(X2, Y2) }, road.Coordinates);

        // Sites derive their unit: the staged path (binary COPY into a temp table, then INSERT ... SELECT).
        var sites = await ImportAsync(db, Collections.Sites, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"S1","name":"one","site_type":"separate","separate_kind":"self_built"},
             "geometry":{"type":"Point","coordinates":[108.12345678901234,38.98765432109876]}}]}
            """);
        Assert.Equal(1, sites.Imported);
        var site = Assert.Single(await ScoringData.SitesAsync(db, default));
        Assert.Equal("S1", site.Code);
        Assert.Equal(4326, site.Geometry.SRID);
        Assert.Equal(new Coordinate(X1, Y1), site.Geometry.Coordinate);
        Assert.Equal(site, await ScoringData.SiteAsync(db, site.Id, default));

        // Feature writes: the geometry is its own parameter (a geometry array for a batch).
        var f = GeoJsonIO.Factory;
        var values = new Dictionary<string, object?>
        {
            ["code"] = "W1",
            ["name"] = null,
            ["well_type"] = "other",
            ["status"] = "planned",
            ["planned_on"] = null,
            ["started_on"] = null,
            ["completed_on"] = null,
        };
        await using var conn = await db.OpenConnectionAsync();
        await using (var tx = await Database.BeginAsUserAsync(conn, "tester", default))
        {
            var written = await FeatureStore.InsertAsync(conn, tx, Collections.Wells,
                [new ParsedFeature(f.CreatePoint(new Coordinate(X2, Y2)), values),
                 new ParsedFeature(f.CreatePoint(new Coordinate(X1, Y1)), new Dictionary<string, object?>(values) { ["code"] = "W2" })], default);
            Assert.True(written.Ok);
            Assert.Equal(new[] { "W1", "W2" }, written.Stored.Select(s => s.Code));
            var moved = await FeatureStore.UpdateAsync(conn, tx, Collections.Wells, written.Stored[1].Id, 1,
                new ParsedFeature(f.CreatePoint(new Coordinate(Y1, X1 - 70)), new Dictionary<string, object?>(values) { ["code"] = "W2" }), default);
            Assert.True(moved.Ok);
            await tx.CommitAsync();
        }
        var wells = await ReadAsync(db, "wells");
        Assert.All(wells, w => Assert.Equal(4326, w.SRID));
        Assert.Equal(new[] { new Coordinate(X2, Y2), new Coordinate(Y1, X1 - 70) }, wells.Select(w => w.Coordinate));
    }

    static async Task<ImportResult> ImportAsync(NpgsqlDataSource db, CollectionSpec c, string geoJson)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rp-geomrt-{Guid.NewGuid():N}.geojson");
        await File.WriteAllTextAsync(path, geoJson);
        try
        {
            await using var source = await ImportSource.OpenAsync(path, c.Id + ".geojson", c, null, default);
            return await FeatureImporter.ImportAsync(db, c, source, new ImportSettings(), "tester", null, default);
        }
        finally { File.Delete(path); }
    }

    /// <summary>The stored geometries of a table in code order, as Npgsql reads them; ST_SRID agrees with the value's SRID.</summary>
    static async Task<List<Geometry>> ReadAsync(NpgsqlDataSource db, string table)
    {
        await using var cmd = db.CreateCommand($"SELECT geom, ST_SRID(geom) AS srid FROM {table} ORDER BY code");
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<Geometry>();
        while (await r.ReadAsync())
        {
            var g = r.GetFieldValue<Geometry>(r.GetOrdinal("geom"));
            Assert.Equal(r.GetInt32(r.GetOrdinal("srid")), g.SRID);
            list.Add(g);
        }
        return list;
    }
}
