using Npgsql;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Infrastructure;

/// <summary>The write triggers keep infra_unit_parts in step with roads, power lines, wells and units, and infra_sums with the parts.</summary>
public class InfraPartsTriggerTests : IAsyncLifetime
{
    NpgsqlDataSource db = null!;

    public async Task InitializeAsync()
    {
        db = Database.CreateDataSource(await TestDatabase.CreateAsync("infra"));
        await Exec("""
            INSERT INTO admin_units (code, name, level, geom) VALUES
              ('W', 'west', 'county', ST_Multi(ST_MakeEnvelope(108, 38, 109, 39, 4326))),
              ('E', 'east', 'county', ST_Multi(ST_MakeEnvelope(109, 38, 110, 39, 4326))),
              ('W1', 'west township', 'township', ST_Multi(ST_MakeEnvelope(108, 38, 108.5, 39, 4326)))
            """);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    async Task Exec(string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    async Task<T> Scalar<T>(string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>(unit, metres) of a feature's parts, by unit code.</summary>
    async Task<Dictionary<string, double>> Parts(string entity, string code)
    {
        await using var cmd = db.CreateCommand(
            $"SELECT p.unit_code, p.length_m FROM infra_unit_parts p JOIN {entity} t ON t.id = p.feature_id WHERE p.entity = $1 AND t.code = $2");
        cmd.Parameters.AddWithValue(entity);
        cmd.Parameters.AddWithValue(code);
        var parts = new Dictionary<string, double>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) parts[r.GetString(0)] = r.GetDouble(1);
        return parts;
    }

    /// <summary>
    /// Keys where infra_sums or infra_month_sums (what the reports read) differ from the parts summed
    /// afresh, either way: 0 when the triggers kept them in step. Exact: both sum the lengths as numeric.
    /// </summary>
    internal static async Task<long> SumsDriftAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            WITH fresh AS (
              SELECT level, unit_code, entity, status, extract(year FROM completed_on)::integer AS year, road_class, surface, voltage_kv,
                     count(*) AS parts, sum(length_m::numeric) AS length_m
              FROM infra_unit_parts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
            kept AS (
              SELECT level, unit_code, entity, status, year, road_class, surface, voltage_kv, parts, length_m FROM infra_sums),
            fresh_months AS (
              SELECT level, unit_code, date_trunc('month', completed_on)::date AS month, entity, count(*) AS parts, sum(length_m::numeric) AS length_m
              FROM infra_unit_parts WHERE status = 'completed' AND completed_on IS NOT NULL GROUP BY 1, 2, 3, 4),
            kept_months AS (
              SELECT level, unit_code, month, entity, parts, length_m FROM infra_month_sums)
            SELECT (SELECT count(*) FROM (TABLE fresh EXCEPT TABLE kept) a) + (SELECT count(*) FROM (TABLE kept EXCEPT TABLE fresh) b)
                 + (SELECT count(*) FROM (TABLE fresh_months EXCEPT TABLE kept_months) c) + (SELECT count(*) FROM (TABLE kept_months EXCEPT TABLE fresh_months) d)
            """);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    async Task AssertSumsMatchParts(string after)
    {
        Assert.True(await Scalar<long>("SELECT count(*) FROM infra_sums") > 0, $"no sums after {after}");
        Assert.True(await SumsDriftAsync(db) == 0, $"infra_sums drifted from the parts after {after}");
    }

    async Task<double> Geodesic(string lineWkt, string box) =>
        await Scalar<double>($"SELECT ST_Length(ST_Intersection(ST_GeomFromText('{lineWkt}', 4326), {box})::geography)");

    [Fact]
    public async Task Insert_update_and_delete_of_a_road_recompute_only_its_own_parts()
    {
        await Exec("""
            INSERT INTO roads (code, road_class, status, geom) VALUES
              ('A', 'county', 'planned', ST_GeomFromText('LINESTRING(108.2 38.5, 109.5 38.6)', 4326)),
              ('B', 'county', 'planned', ST_GeomFromText('LINESTRING(109.2 38.2, 109.4 38.3)', 4326))
            """);
        var a = await Parts("roads", "A");
        Assert.Equal(["E", "W", "W1"], a.Keys.Order());
        Assert.Equal(await Geodesic("LINESTRING(108.2 38.5, 109.5 38.6)", "ST_MakeEnvelope(108, 38, 109, 39, 4326)"), a["W"], 3);
        Assert.Equal(await Geodesic("LINESTRING(108.2 38.5, 109.5 38.6)", "ST_MakeEnvelope(109, 38, 110, 39, 4326)"), a["E"], 3);
        Assert.Equal(await Geodesic("LINESTRING(108.2 38.5, 109.5 38.6)", "ST_MakeEnvelope(108, 38, 108.5, 39, 4326)"), a["W1"], 3);
        var bBefore = await Parts("roads", "B");

        // Move A wholly into the east banner and mark it completed.
        await Exec("UPDATE roads SET geom = ST_GeomFromText('LINESTRING(109.1 38.5, 109.3 38.5)', 4326), status = 'completed', completed_on = '2016-06-01', started_on = '2016-01-01' WHERE code = 'A'");
        a = await Parts("roads", "A");
        Assert.Equal(["E"], a.Keys);
        Assert.Equal(await Scalar<double>("SELECT ST_Length(geom::geography) FROM roads WHERE code = 'A'"), a["E"], 3);
        Assert.Equal("completed", await Scalar<string>("SELECT p.status FROM infra_unit_parts p JOIN roads r ON r.id = p.feature_id AND p.entity = 'roads' WHERE r.code = 'A'"));
        Assert.Equal(bBefore, await Parts("roads", "B"));

        await Exec("DELETE FROM roads WHERE code = 'A'");
        Assert.Empty(await Parts("roads", "A"));
        Assert.Equal(bBefore, await Parts("roads", "B"));
        // History (0001) still records every change: the two triggers coexist.
        Assert.Equal(3L, await Scalar<long>("SELECT count(*) FROM history WHERE entity = 'roads' AND entity_code = 'A'"));
    }

    [Fact]
    public async Task Wells_on_a_shared_border_count_once_per_level_and_lines_touching_a_border_not_at_all()
    {
        await Exec("""
            INSERT INTO wells (code, well_type, status, geom) VALUES ('WB', 'other', 'completed', ST_Point(109, 38.5, 4326));
            INSERT INTO power_lines (code, voltage_kv, status, geom) VALUES ('PT', 10, 'planned', ST_GeomFromText('LINESTRING(109 38.1, 109.3 38.1)', 4326));
            """);
        Assert.Equal(["E"], (await Parts("wells", "WB")).Keys);
        Assert.Equal(["E"], (await Parts("power_lines", "PT")).Keys);
    }

    [Fact]
    public async Task Changing_a_unit_polygon_recomputes_the_features_on_it()
    {
        await Exec("INSERT INTO power_lines (code, voltage_kv, status, geom) VALUES ('PU', 35, 'completed', ST_GeomFromText('LINESTRING(108.8 38.9, 109.4 38.95)', 4326))");
        var before = await Parts("power_lines", "PU");
        Assert.Equal(["E", "W"], before.Keys.Order());

        // The west banner grows east to 109.2E (overlapping the east one): its part grows.
        await Exec("UPDATE admin_units SET geom = ST_Multi(ST_MakeEnvelope(108, 38, 109.2, 39, 4326)) WHERE code = 'W'");
        var after = await Parts("power_lines", "PU");
        Assert.Equal(await Geodesic("LINESTRING(108.8 38.9, 109.4 38.95)", "ST_MakeEnvelope(108, 38, 109.2, 39, 4326)"), after["W"], 3);
        Assert.Equal(before["E"], after["E"], 6);

        // A renamed unit keeps its parts (names are joined in); a deleted one loses them.
        await Exec("UPDATE admin_units SET name = 'renamed' WHERE code = 'E'");
        Assert.Equal(after, await Parts("power_lines", "PU"));
        await Exec("DELETE FROM admin_units WHERE code = 'E'");
        Assert.Equal(["W"], (await Parts("power_lines", "PU")).Keys);
    }

    [Fact]
    public async Task A_bulk_insert_clips_every_row_in_one_statement()
    {
        await Exec("""
            INSERT INTO roads (code, road_class, status, geom)
            SELECT 'bulk-' || i, 'village', 'planned',
                   ST_MakeLine(ST_Point(108.9 + i * 0.00004, 38.2, 4326), ST_Point(109.1 + i * 0.00004, 38.21, 4326))
            FROM generate_series(1, 2000) i
            """);
        Assert.Equal(4000L, await Scalar<long>("SELECT count(*) FROM infra_unit_parts p JOIN roads r ON r.id = p.feature_id AND p.entity = 'roads' WHERE r.code LIKE 'bulk-%'"));
        var total = await Scalar<double>("SELECT sum(ST_Length(geom::geography)) FROM roads WHERE code LIKE 'bulk-%'");
        var parts = await Scalar<double>("SELECT sum(p.length_m) FROM infra_unit_parts p JOIN roads r ON r.id = p.feature_id AND p.entity = 'roads' WHERE r.code LIKE 'bulk-%'");
        Assert.True(Math.Abs(parts - total) < total * 1e-4, $"parts {parts} vs whole {total}");
    }
    [Fact]
    public async Task The_sums_follow_every_edit_delete_and_unit_change()
    {
        await Exec("""
            INSERT INTO roads (code, road_class, status, surface, geom) VALUES
              ('SA', 'county', 'planned', 'gravel', ST_GeomFromText('LINESTRING(108.2 38.5, 109.5 38.6)', 4326)),
              ('SB', 'county', 'planned', 'gravel', ST_GeomFromText('LINESTRING(108.1 38.3, 108.9 38.4)', 4326));
            INSERT INTO power_lines (code, voltage_kv, status, geom) VALUES ('SP', 35, 'planned', ST_GeomFromText('LINESTRING(108.3 38.7, 109.6 38.8)', 4326));
            INSERT INTO wells (code, well_type, status, geom) VALUES ('SW', 'other', 'planned', ST_Point(108.4, 38.4, 4326));
            """);
        await AssertSumsMatchParts("inserts");
        var westPlanned = await Scalar<decimal>("SELECT length_m FROM infra_sums WHERE level = 'county' AND unit_code = 'W' AND entity = 'roads' AND status = 'planned'");
        Assert.Equal(await Scalar<decimal>("SELECT sum(p.length_m::numeric) FROM infra_unit_parts p WHERE p.entity = 'roads' AND p.unit_code = 'W'"), westPlanned);

        // Status and completion date: SA's km leave the planned sums for June 2016's completed ones.
        await Exec("UPDATE roads SET status = 'completed', started_on = '2016-01-01', completed_on = '2016-06-20' WHERE code = 'SA'");
        await AssertSumsMatchParts("a status change");
        Assert.Equal(await Geodesic("LINESTRING(108.2 38.5, 109.5 38.6)", "ST_MakeEnvelope(108, 38, 109, 39, 4326)"),
            (double)await Scalar<decimal>("SELECT length_m FROM infra_sums WHERE level = 'county' AND unit_code = 'W' AND entity = 'roads' AND status = 'completed' AND year = 2016"), 3);
        Assert.Equal(await Scalar<decimal>("SELECT length_m FROM infra_sums WHERE level = 'township' AND unit_code = 'W1' AND entity = 'roads' AND status = 'completed'"),
            await Scalar<decimal>("SELECT length_m FROM infra_month_sums WHERE level = 'township' AND unit_code = 'W1' AND entity = 'roads' AND month = '2016-06-01'"));
        // Geometry and attributes.
        await Exec("UPDATE roads SET geom = ST_GeomFromText('LINESTRING(108.6 38.5, 109.8 38.9)', 4326) WHERE code = 'SA'");
        await AssertSumsMatchParts("a geometry change");
        await Exec("UPDATE roads SET surface = 'asphalt' WHERE code = 'SB'");
        await AssertSumsMatchParts("an attribute change");
        await Exec("UPDATE power_lines SET voltage_kv = 110 WHERE code = 'SP'");
        await AssertSumsMatchParts("a voltage change");

        // A deleted road takes its km away; keys left empty go (no zero rows for the reports to skip).
        await Exec("DELETE FROM roads WHERE code = 'SB'");
        await AssertSumsMatchParts("a delete");
        Assert.Equal(0L, await Scalar<long>("SELECT (SELECT count(*) FROM infra_sums WHERE parts = 0) + (SELECT count(*) FROM infra_month_sums WHERE parts = 0)"));
        Assert.Equal(0L, await Scalar<long>("SELECT count(*) FROM infra_sums WHERE road_class = 'county' AND surface = 'asphalt'"));

        // Units: a polygon moved, a code changed, a unit deleted.
        await Exec("UPDATE admin_units SET geom = ST_Multi(ST_MakeEnvelope(108, 38, 109.3, 39, 4326)) WHERE code = 'W'");
        await AssertSumsMatchParts("a unit's move");
        await Exec("UPDATE admin_units SET code = 'W9' WHERE code = 'W'");
        await AssertSumsMatchParts("a unit's new code");
        Assert.Equal(0L, await Scalar<long>("SELECT (SELECT count(*) FROM infra_sums WHERE unit_code = 'W') + (SELECT count(*) FROM infra_month_sums WHERE unit_code = 'W')"));
        await Exec("DELETE FROM admin_units WHERE code = 'E'");
        await AssertSumsMatchParts("a unit's deletion");
        Assert.Equal(0L, await Scalar<long>("SELECT count(*) FROM infra_sums WHERE unit_code = 'E'"));

        // A rolled-back write leaves the sums as they were.
        var before = await Scalar<decimal>("SELECT sum(length_m) FROM infra_sums");
        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await using var cmd = new NpgsqlCommand("DELETE FROM roads", conn, tx);
            await cmd.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        Assert.Equal(before, await Scalar<decimal>("SELECT sum(length_m) FROM infra_sums"));
        await AssertSumsMatchParts("a rollback");
    }

    [Fact]
    public async Task The_migration_fills_the_sums_from_the_parts_of_a_loaded_database()
    {
        await Exec("""
            INSERT INTO roads (code, road_class, status, started_on, completed_on, geom)
            SELECT 'm-' || i, 'village', CASE WHEN i % 2 = 0 THEN 'completed' ELSE 'planned' END,
                   CASE WHEN i % 2 = 0 THEN date '2016-01-01' END, CASE WHEN i % 2 = 0 THEN date '2016-03-01' + i END,
                   ST_MakeLine(ST_Point(108.3 + i * 0.001, 38.2, 4326), ST_Point(109.2 + i * 0.001, 38.3, 4326))
            FROM generate_series(1, 200) i
            """);
        // The database as it was before the migration: parts, no sums.
        await Exec("""
            DROP TABLE infra_sums, infra_month_sums;
            DROP FUNCTION rp_infra_sums_sync() CASCADE;
            DROP FUNCTION rp_infra_sums_sql(text);
            DELETE FROM schema_migrations WHERE version = '0550_infra_sums';
            """);
        Assert.Equal(1, await Migrator.MigrateAsync(db, CancellationToken.None));
        await AssertSumsMatchParts("the migration");
        Assert.Equal(await Scalar<long>("SELECT count(DISTINCT date_trunc('month', completed_on)) FROM roads WHERE completed_on IS NOT NULL"),
            await Scalar<long>("SELECT count(DISTINCT month) FROM infra_month_sums WHERE level = 'county'"));
        // And the triggers it made keep them.
        await Exec("DELETE FROM roads WHERE code LIKE 'm-1%'");
        await AssertSumsMatchParts("a delete after the migration");
    }
}
