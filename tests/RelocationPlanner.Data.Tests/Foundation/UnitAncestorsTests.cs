using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Foundation;

/// <summary>
/// The stored unit closure (unit_ancestors, read by rp_unit_ancestors()) stays equal to walking
/// admin_units' parents after inserts (children before their parent too), a move to another
/// parent, a code change that cascades to the children, and a delete.
/// </summary>
public class UnitAncestorsTests
{
    [Fact]
    public async Task The_stored_closure_equals_the_walk_of_the_tree_after_every_kind_of_change()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("anc"));
        // One connection: a transaction below spans two commands.
        await using var conn = await db.OpenConnectionAsync();
        async Task Exec(string sql)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
        async Task AssertClosure(int expectedRows)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                WITH RECURSIVE walk (unit_code, ancestor_code, parent_code, depth) AS (
                  SELECT code, code, parent_code, 0 FROM admin_units
                  UNION ALL
                  SELECT w.unit_code, a.code, a.parent_code, w.depth + 1 FROM walk w JOIN admin_units a ON a.code = w.parent_code WHERE w.depth < 16),
                stored AS (SELECT unit_code, ancestor_code, depth FROM rp_unit_ancestors())
                SELECT (SELECT count(*) FROM ((SELECT unit_code, ancestor_code, depth FROM walk EXCEPT ALL SELECT * FROM stored)
                                              UNION ALL (SELECT * FROM stored EXCEPT ALL SELECT unit_code, ancestor_code, depth FROM walk)) d),
                       (SELECT count(*) FROM stored)
                """;
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(0L, r.GetInt64(0));
            Assert.Equal(expectedRows, r.GetInt64(1));
        }
        static string Box(int x) => $"ST_Multi(ST_MakeEnvelope({100 + x}, 30, {101 + x}, 31, 4326))";

        // One statement, a township before its county and the county before its province (the foreign key is deferred).
        await Exec($"""
            INSERT INTO admin_units (code, name, level, parent_code, geom) VALUES
              ('P1T1', 't', 'township', 'P1C1', {Box(0)}), ('P1C1', 'c', 'county', 'P1', {Box(0)}), ('P1', 'p', 'province', NULL, {Box(0)}),
              ('P2', 'p2', 'province', NULL, {Box(2)})
            """);
        await AssertClosure(1 + 2 + 3 + 1);
        // A child in a later statement, then its parent in another.
        await Exec($"BEGIN; INSERT INTO admin_units (code, name, level, parent_code, geom) VALUES ('P2C1V', 'v', 'village', 'P2C1', {Box(2)})");
        await Exec($"INSERT INTO admin_units (code, name, level, parent_code, geom) VALUES ('P2C1', 'c2', 'county', 'P2', {Box(2)}); COMMIT");
        await AssertClosure(7 + 2 + 3);
        // The county moves to the other province: its township follows, and what hangs on a unit's
        // place in the tree (rp_units_moved, registration months in 0530) hears of both. The hook is
        // replaced by a recorder in this throwaway database.
        await Exec("""
            CREATE TABLE moved_log (code text);
            CREATE OR REPLACE FUNCTION rp_units_moved(units text[]) RETURNS void LANGUAGE sql AS $$ INSERT INTO moved_log SELECT unnest(units) $$;
            """);
        await Exec("UPDATE admin_units SET parent_code = 'P2' WHERE code = 'P1C1'");
        await AssertClosure(12);
        Assert.Equal(2L, await Count("SELECT count(DISTINCT code) FROM moved_log WHERE code IN ('P1C1', 'P1T1')"));
        Assert.Equal(0L, await Count("SELECT count(*) FROM moved_log WHERE code NOT IN ('P1C1', 'P1T1')"));
        Assert.Equal(2L, await Count("SELECT count(*) FROM rp_unit_ancestors() WHERE ancestor_code = 'P2' AND unit_code IN ('P1C1', 'P1T1')"));
        Assert.Equal(0L, await Count("SELECT count(*) FROM rp_unit_ancestors() WHERE ancestor_code = 'P1' AND unit_code <> 'P1'"));
        // A code change cascades to the children's parent_code.
        await Exec("UPDATE admin_units SET code = 'P2C9' WHERE code = 'P1C1'");
        await AssertClosure(12);
        Assert.Equal(1L, await Count("SELECT count(*) FROM rp_unit_ancestors() WHERE unit_code = 'P1T1' AND ancestor_code = 'P2C9'"));
        // Gone units leave no rows.
        await Exec("DELETE FROM admin_units WHERE code IN ('P1T1', 'P2C9')");
        await AssertClosure(12 - 3 - 2);
        Assert.Equal(0L, await Count("SELECT count(*) FROM unit_ancestors WHERE unit_code IN ('P1T1', 'P2C9') OR ancestor_code IN ('P1T1', 'P2C9')"));

        async Task<long> Count(string sql)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
    }
}
