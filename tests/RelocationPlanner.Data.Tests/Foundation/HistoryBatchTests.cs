using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Foundation;

/// <summary>
/// A statement inserting more than rp.history_batch_rows rows is one history row (who, when,
/// how many, which ids); the values it inserted come back per row from the row itself or from
/// its first later change. Small statements keep a history row per row.
/// </summary>
public class HistoryBatchTests
{
    static async Task<object?> Scalar(NpgsqlConnection conn, string sql, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return await cmd.ExecuteScalarAsync();
    }

    const string ThreeWells = """
        INSERT INTO wells (code, name, well_type, status, geom) VALUES
          ('W1', 'one', 'other', 'planned', ST_GeomFromText('POINT(109 39.5)', 4326)),
          ('W2', 'two', 'other', 'planned', ST_GeomFromText('POINT(109.1 39.5)', 4326)),
          ('W3', 'three', 'other', 'planned', ST_GeomFromText('POINT(109.2 39.5)', 4326))
        """;

    [Fact]
    public async Task A_bulk_insert_is_one_history_row_whose_values_come_back_per_row()
    {
        var cs = await TestDatabase.CreateAsync("histbatch");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        await using (var tx = await Database.BeginAsUserAsync(conn, "surveyor-zhao", CancellationToken.None))
        {
            await Scalar(conn, "SET LOCAL rp.history_batch_rows = 2", tx);
            await Scalar(conn, ThreeWells, tx);
            await tx.CommitAsync();
        }
        var (lo, hi) = ((long)(await Scalar(conn, "SELECT min(id) FROM wells"))!, (long)(await Scalar(conn, "SELECT max(id) FROM wells"))!);
        Assert.Equal(1L, await Scalar(conn, "SELECT count(*) FROM history WHERE entity = 'wells'"));
        Assert.Equal($"insert|3|{{[{lo},{hi + 1})}}|surveyor-zhao|true", await Scalar(conn, """
            SELECT op || '|' || row_count || '|' || entity_ids::text || '|' || changed_by || '|' || (entity_id IS NULL AND new_values IS NULL)
            FROM history WHERE entity = 'wells'
            """));
        var batch = (long)(await Scalar(conn, "SELECT id FROM history WHERE entity = 'wells'"))!;

        // Unchanged row: its values are the row as stored, in the per-row insert format (EWKT geometry).
        Assert.Equal("one|SRID=4326;POINT(109 39.5)|surveyor-zhao|1", await Scalar(conn, $"""
            SELECT v->>'name' || '|' || (v->>'geom') || '|' || (v->>'created_by') || '|' || (v->>'version')
            FROM rp_history_inserted_values('wells', {lo}, {batch}) v
            """));
        // Changed row: its inserted values are the old values of its first change, not the row now.
        await using (var tx = await Database.BeginAsUserAsync(conn, "engineer-wang", CancellationToken.None))
        {
            await Scalar(conn, "UPDATE wells SET name = 'two (renamed)' WHERE code = 'W2'", tx);
            await Scalar(conn, "UPDATE wells SET name = 'two (again)' WHERE code = 'W2'", tx);
            await tx.CommitAsync();
        }
        Assert.Equal("two|1", await Scalar(conn, $"""
            SELECT v->>'name' || '|' || (v->>'version') FROM rp_history_inserted_values('wells', {lo + 1}, {batch}) v
            """));
        // Deleted row: the delete's old values.
        await Scalar(conn, "DELETE FROM wells WHERE code = 'W3'");
        Assert.Equal("three", await Scalar(conn, $"SELECT rp_history_inserted_values('wells', {hi}, {batch})->>'name'"));
    }

    [Fact]
    public async Task Small_statements_keep_a_history_row_per_row()
    {
        var cs = await TestDatabase.CreateAsync("histbatch");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        await Scalar(conn, ThreeWells); // default threshold: 1000 rows
        Assert.Equal("one,three,two", await Scalar(conn, """
            SELECT string_agg(new_values->>'name', ',' ORDER BY new_values->>'name') FROM history
            WHERE entity = 'wells' AND op = 'insert' AND entity_id IS NOT NULL AND row_count = 1
            """));
    }

    [Fact]
    public async Task Ids_that_are_not_one_run_are_kept_as_several_ranges()
    {
        var cs = await TestDatabase.CreateAsync("histbatch");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal("{[3,5),[7,8),[10,11)}", await Scalar(conn, "SELECT rp_id_ranges(3, 10, 4, ARRAY[10, 3, 7, 4]::bigint[])::text"));
        Assert.Equal("{[3,7)}", await Scalar(conn, "SELECT rp_id_ranges(3, 6, 4, NULL)::text"));
    }
}
