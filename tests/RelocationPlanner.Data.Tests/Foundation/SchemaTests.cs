using Npgsql;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Foundation;

public class SchemaTests
{
    static async Task<object?> Scalar(NpgsqlConnection conn, string sql, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Migrations_are_recorded_and_a_second_run_applies_nothing()
    {
        var cs = await TestDatabase.CreateAsync("schema");
        await using var db = Database.CreateDataSource(cs);
        Assert.Equal(0, await Migrator.MigrateAsync(db, CancellationToken.None));
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal(SqlResources.Folder("Migrations").Count(), Convert.ToInt32(await Scalar(conn, "SELECT count(*) FROM schema_migrations")));
    }

    [Fact]
    public async Task The_migrations_give_every_session_of_the_database_its_memory_and_no_jit()
    {
        // Set on the database by the role that owns it, so the service's sessions (and PgBouncer's) get them.
        var cs = await TestDatabase.CreateAsync("schema");
        await using var db = Database.CreateDataSource(TestDatabase.AppConnectionString(cs));
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal("off", await Scalar(conn, "SHOW jit"));
        Assert.Equal("32MB", await Scalar(conn, "SHOW work_mem"));
    }

    [Fact]
    public async Task Every_geometry_column_is_srid_4326_and_gist_indexed()
    {
        var cs = await TestDatabase.CreateAsync("schema");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal(0L, await Scalar(conn, "SELECT count(*) FROM geometry_columns WHERE srid <> 4326"));
        Assert.Equal(0L, await Scalar(conn, """
            SELECT count(*) FROM geometry_columns g
            WHERE NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = g.f_table_name AND i.indexdef ILIKE '%gist%(' || quote_ident(g.f_geometry_column) || ')%')
              -- clipped parts are only summed per unit, never searched by location
              AND g.f_table_name <> 'infra_unit_parts'
            """));
        Assert.True((long)(await Scalar(conn, "SELECT count(*) FROM geometry_columns"))! >= 7);
    }

    [Fact]
    public async Task History_stamps_and_data_versions_record_who_changed_what()
    {
        var cs = await TestDatabase.CreateAsync("schema");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        await using (var tx = await Database.BeginAsUserAsync(conn, "engineer-li", CancellationToken.None))
        {
            await Scalar(conn, "INSERT INTO roads (code, road_class, status, geom) VALUES ('R1', 'village', 'planned', ST_GeomFromText('LINESTRING(109 39, 109.1 39.1)', 4326))", tx);
            await tx.CommitAsync();
        }
        await using (var tx = await Database.BeginAsUserAsync(conn, "engineer-wang", CancellationToken.None))
        {
            await Scalar(conn, "UPDATE roads SET status = 'completed', completed_on = '2016-11-30' WHERE code = 'R1'", tx);
            await tx.CommitAsync();
        }
        Assert.Equal("engineer-li", await Scalar(conn, "SELECT created_by FROM roads WHERE code = 'R1'"));
        Assert.Equal("engineer-wang", await Scalar(conn, "SELECT updated_by FROM roads WHERE code = 'R1'"));
        Assert.Equal(2, await Scalar(conn, "SELECT version FROM roads WHERE code = 'R1'"));
        Assert.Equal("planned|completed|engineer-wang", await Scalar(conn, """
            SELECT old_values->>'status' || '|' || (new_values->>'status') || '|' || changed_by
            FROM history WHERE entity = 'roads' AND op = 'update'
            """));
        Assert.Equal(2L, await Scalar(conn, "SELECT version FROM data_versions WHERE entity = 'roads'"));

        // Statements that change no row (a stale If-Match, a missing id) leave the data version
        // alone: caches and tile ETags keyed on it stay valid.
        await Scalar(conn, "UPDATE roads SET status = 'completed' WHERE code = 'nope'");
        await Scalar(conn, "DELETE FROM roads WHERE code = 'nope'");
        await Scalar(conn, "INSERT INTO roads (code, road_class, status, geom) SELECT code, road_class, status, geom FROM roads WHERE false");
        Assert.Equal(2L, await Scalar(conn, "SELECT version FROM data_versions WHERE entity = 'roads'"));
        Assert.Equal(2L, await Scalar(conn, "SELECT count(*) FROM history WHERE entity = 'roads'"));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_separate_site_drawn_as_a_polygon()
    {
        var cs = await TestDatabase.CreateAsync("schema");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => Scalar(conn, """
            INSERT INTO sites (code, name, site_type, separate_kind, geom)
            VALUES ('S1', 'x', 'separate', 'self_built', ST_GeomFromText('POLYGON((109 39, 109.1 39, 109.1 39.1, 109 39))', 4326))
            """));
        Assert.Equal("sites_shape_matches_type", e.ConstraintName);
    }
}
