using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Infrastructure;

/// <summary>
/// Generated roads, power lines and wells imported into a database holding the demo's admin units
/// (real outlines, thousands of vertices): the clipped parts equal PostGIS clipping each feature by
/// each unit, for a bulk import queued for the background refresh and for one clipped at once.
/// </summary>
public class ClippingExactnessTests
{
    [Fact]
    public async Task Clipped_km_after_an_import_equal_PostGIS_intersection_lengths_queued_or_not()
    {
        var cs = await TestDatabase.CreateAsync("clip");
        await using (var setup = Database.CreateDataSource(cs))
        {
            await ImportFileAsync(setup, Collections.AdminUnits, Path.Combine(TestDatabase.RepoRoot, "data", "demo", "admin_units.geojson"));
        }
        // Bulk statements of more than 1,000 features are queued (the default is 20,000).
        await using var db = Database.CreateDataSource(new NpgsqlConnectionStringBuilder(Database.ToConnectionString(cs)) { Options = "-c rp.refresh_sync_limit=1000" }.ConnectionString);
        var g = new ScaleGenerator(5);
        await ImportAsync(db, Collections.Roads, g.Roads(3000));       // queued
        await ImportAsync(db, Collections.PowerLines, g.PowerLines(600)); // clipped in the import
        await ImportAsync(db, Collections.Wells, g.Wells(400));

        Assert.Equal(3000, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Infrastructure, default));
        Assert.Equal(0L, await Scalar(db, "SELECT count(*) FROM infra_unit_parts WHERE entity = 'roads'"));
        Assert.Equal(0L, await Scalar(db, "SELECT count(*) FROM infra_sums WHERE entity = 'roads'")); // the queued roads are in no report yet
        Assert.Equal(0L, await InfraPartsTriggerTests.SumsDriftAsync(db));
        Assert.Equal(3000, await RefreshBacklog.DrainAsync(db, default));
        Assert.Equal(0, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Infrastructure, default));
        // The drain's parts reached the sums the reports read, exactly.
        Assert.True(await Scalar(db, "SELECT count(*) FROM infra_sums WHERE entity = 'roads'") > 0);
        Assert.Equal(0L, await InfraPartsTriggerTests.SumsDriftAsync(db));

        foreach (var (entity, minParts) in new[] { ("roads", 3000L), ("power_lines", 600L) })
        {
            Assert.True(await Scalar(db, $"SELECT count(*) FROM infra_unit_parts WHERE entity = '{entity}'") >= minParts);
            // Per (feature, unit) of every level: the part's length against ST_Intersection with the whole unit.
            await using var cmd = db.CreateCommand($"""
                WITH ref AS (
                  SELECT f.id, u.code, ST_Length(ST_Intersection(f.geom, u.geom)::geography) AS m
                  FROM {entity} f JOIN admin_units u ON u.geom && f.geom AND ST_Intersects(u.geom, f.geom)
                  WHERE u.level IN ('city', 'county', 'township'))
                SELECT count(*) FILTER (WHERE ref.m > 0 AND p.length_m IS NULL),
                       count(*) FILTER (WHERE p.length_m IS NOT NULL AND abs(p.length_m - ref.m) > 0.001 * ref.m),
                       (SELECT count(*) FROM infra_unit_parts q WHERE q.entity = '{entity}'
                          AND NOT EXISTS (SELECT FROM ref r WHERE r.id = q.feature_id AND r.code = q.unit_code AND r.m > 0)),
                       sum(ref.m), sum(p.length_m)
                FROM ref LEFT JOIN infra_unit_parts p ON p.entity = '{entity}' AND p.feature_id = ref.id AND p.unit_code = ref.code
                """);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(0L, r.GetInt64(0)); // a unit the feature runs through without a part
            Assert.Equal(0L, r.GetInt64(1)); // a part off by more than 0.1 %
            Assert.Equal(0L, r.GetInt64(2)); // a part where PostGIS finds no length
            Assert.Equal(r.GetDouble(3), r.GetDouble(4), r.GetDouble(3) * 1e-6);
        }
        // A well counts once per level: in the unit that holds it (the smallest code on a shared border).
        Assert.Equal(0L, await Scalar(db, """
            SELECT count(*) FROM (
              SELECT w.id, u.level, min(u.code) AS code FROM wells w JOIN admin_units u ON ST_Covers(u.geom, w.geom)
              WHERE u.level IN ('city', 'county', 'township') GROUP BY w.id, u.level) ref
            FULL JOIN (SELECT feature_id, level, unit_code FROM infra_unit_parts WHERE entity = 'wells') p
              ON p.feature_id = ref.id AND p.level = ref.level AND p.unit_code = ref.code
            WHERE ref.id IS NULL OR p.feature_id IS NULL
            """));
    }

    static async Task<long> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    static async Task ImportAsync(NpgsqlDataSource db, CollectionSpec c, IEnumerable<NetTopologySuite.Features.IFeature> features)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rp-clip-{Guid.NewGuid():N}.geojson");
        await using (var file = File.Create(path)) GeoJsonIO.WriteCollection(file, features);
        try { await ImportFileAsync(db, c, path); }
        finally { File.Delete(path); }
    }

    static async Task ImportFileAsync(NpgsqlDataSource db, CollectionSpec c, string path)
    {
        await using var source = await ImportSource.OpenAsync(path, c.Id + ".geojson", c, null, default);
        var result = await FeatureImporter.ImportAsync(db, c, source, new ImportSettings(), "tester", null, default);
        Assert.True(result.Imported > 0);
    }
}
