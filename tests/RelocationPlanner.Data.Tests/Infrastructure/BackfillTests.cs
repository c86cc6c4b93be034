using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Infrastructure;

public class BackfillTests
{
    [Fact]
    public async Task Migration_0401_rebuilds_parts_of_rows_written_before_the_parts_existed()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("backfill"));
        await using var conn = await db.OpenConnectionAsync();
        async Task<long> Scalar(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        await Scalar("""
            INSERT INTO admin_units (code, name, level, parent_code, geom) VALUES
              ('15', 'p', 'province', NULL, ST_Multi(ST_MakeEnvelope(108, 38, 110, 40, 4326))),
              ('1506', 'c', 'city', '15', ST_Multi(ST_MakeEnvelope(108, 38, 110, 40, 4326))),
              ('150621', 'a', 'county', '1506', ST_Multi(ST_MakeEnvelope(108, 38, 109, 40, 4326))),
              ('150622', 'b', 'county', '1506', ST_Multi(ST_MakeEnvelope(109, 38, 110, 40, 4326)));
            INSERT INTO roads (code, road_class, status, geom) VALUES ('R1', 'county', 'completed', ST_GeomFromText('LINESTRING(108.5 39, 109.5 39)', 4326));
            INSERT INTO wells (code, well_type, status, geom) VALUES ('W1', 'other', 'completed', ST_Point(108.5, 39, 4326));
            """);
        var before = await Scalar("SELECT count(*) FROM infra_unit_parts");
        Assert.Equal(3 + 2, before); // road: city + both counties; well: city + its county
        // As if the rows predated 0400: no parts at all.
        await Scalar("DELETE FROM infra_unit_parts");
        var backfill = SqlResources.Folder("Migrations").Single(m => m.Name.StartsWith("0401_", StringComparison.Ordinal)).Sql;
        await Scalar(backfill);
        Assert.Equal(before, await Scalar("SELECT count(*) FROM infra_unit_parts"));
        Assert.Equal(await Scalar("SELECT round(ST_Length(geom::geography))::bigint FROM roads"),
            await Scalar("SELECT round(sum(length_m))::bigint FROM infra_unit_parts WHERE entity = 'roads' AND level = 'county'"));
    }
}
