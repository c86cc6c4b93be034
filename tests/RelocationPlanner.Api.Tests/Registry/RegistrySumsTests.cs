using System.Net;
using System.Text.Json;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>
/// The projections the reports read (household_status with unit/site/members, registration_sums,
/// disbursement_sums) follow the records they are kept from, including a household moved to
/// another unit after it was paid; the database keeps households and refuses orphan milestones.
/// </summary>
public class RegistrySumsTests(RegistrySumsTests.Fixture f) : IClassFixture<RegistrySumsTests.Fixture>
{
    public sealed class Fixture : RegistryFixture
    {
        protected override async Task SeedAsync()
        {
            var p = await PostJson("/api/subsidy-policies", new
            {
                code = "ordos-2016",
                region_code = "1506",
                valid_from = "2016-01-01",
                basis = "per_person",
                components = new object[] { new { name = "house", amount = 20000, funding_source = "municipal" } },
            });
            if (p.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await p.Content.ReadAsStringAsync());
            var r = await PostCsv(RegistryFixture.CsvHeader + "\n" +
                                  "S1,One,2,150621,,,separate_self_built,2016-05-01,2016-09-01,\n" +
                                  "S2,Two,3,150621,,,separate_self_built,2016-08-01,,\n");
            if (r.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException(await r.Content.ReadAsStringAsync());
        }
    }

    async Task<JsonElement?> Row(string report, string asOf, string unit)
    {
        var body = await (await f.Http.GetAsync($"/api/reports/{report}?level=county&as_of={asOf}")).Json();
        return body.GetProperty("rows").EnumerateArray().Select(x => (JsonElement?)x).FirstOrDefault(x => x!.Value.GetProperty("unit_code").GetString() == unit);
    }

    [Fact]
    public async Task Reports_follow_payments_a_moved_household_and_as_of_days()
    {
        var paid = await f.PostJson("/api/disbursements", new { household_code = "S1", component = "house", amount = "15000.00", paid_on = "2016-06-01" });
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);

        // Before S2 registered: only S1 (2 people, 40,000) and its payment count.
        var july = (await Row("subsidies", "2016-07-31", "150621"))!.Value;
        Assert.Equal(1, july.GetProperty("households").GetInt32());
        Assert.Equal("40000.00", july.GetProperty("entitled_total").GetRawText());
        Assert.Equal("15000.00", july.GetProperty("disbursed_total").GetRawText());
        Assert.Null(await Row("subsidies", "2016-05-31", "150622"));
        var end = (await Row("subsidies", "2016-12-31", "150621"))!.Value;
        Assert.Equal(5, end.GetProperty("people").GetInt32());
        Assert.Equal("100000.00", end.GetProperty("entitled_total").GetRawText());
        Assert.Equal("85000.00", end.GetProperty("outstanding_total").GetRawText());

        // A corrected record (moved to Jungar, one more member): status, counts and money follow.
        await Exec("UPDATE households SET unit_code = '150622', members = 3 WHERE code = 'S1'");
        var moved = (await Row("subsidies", "2016-12-31", "150622"))!.Value;
        Assert.Equal(1, moved.GetProperty("households").GetInt32());
        Assert.Equal("60000.00", moved.GetProperty("entitled_total").GetRawText());
        Assert.Equal("15000.00", moved.GetProperty("disbursed_total").GetRawText());
        var left = (await Row("subsidies", "2016-12-31", "150621"))!.Value;
        Assert.Equal("0.00", left.GetProperty("disbursed_total").GetRawText());
        var settled = (await Row("settled-rates", "2016-12-31", "150622"))!.Value;
        Assert.Equal(3, settled.GetProperty("people").GetInt32());
        Assert.Equal(1, settled.GetProperty("keys_claimed").GetInt32());

        // The kept sums equal what the ledger and the records say, computed the slow way.
        Assert.Equal(0L, await f.ScalarAsync("""
            WITH slow AS (
              SELECT h.unit_code, h.site_code, s.registered_on, count(*) AS households, sum(h.members) AS people
              FROM households h JOIN household_status s ON s.household_id = h.id GROUP BY 1, 2, 3),
            kept AS (SELECT unit_code, site_code, registered_on, households, people FROM registration_sums WHERE households <> 0)
            SELECT count(*) FROM ((TABLE slow EXCEPT TABLE kept) UNION ALL (TABLE kept EXCEPT TABLE slow)) x
            """));
        Assert.Equal(0L, await f.ScalarAsync("""
            SELECT count(*) FROM households h JOIN household_status s ON s.household_id = h.id
            WHERE (s.unit_code, s.site_code, s.members) IS DISTINCT FROM (h.unit_code, h.site_code, h.members)
            """));
    }

    [Fact]
    public async Task Households_are_kept_and_milestones_need_one()
    {
        var delete = await Assert.ThrowsAsync<PostgresException>(() => Exec("DELETE FROM households WHERE code = 'S2'"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, delete.SqlState);
        var orphan = await Assert.ThrowsAsync<PostgresException>(() => Exec("INSERT INTO milestones (household_id, milestone, on_date) VALUES (999999, 'registered', '2016-01-01')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, orphan.SqlState);
        Assert.Equal("milestones_household_id_fkey", orphan.ConstraintName);
        Assert.Equal(2L, await f.ScalarAsync("SELECT count(*) FROM households WHERE code IN ('S1', 'S2')"));
    }

    [Fact]
    public async Task Household_references_are_checked_cascade_and_block_deletes()
    {
        var unknown = await Assert.ThrowsAsync<PostgresException>(() => Exec(
            "INSERT INTO households (code, head_name, members, unit_code, settlement_type) VALUES ('S9', 'Nine', 1, 'NOPE', 'separate_self_built')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, unknown.SqlState);
        Assert.Equal("households_unit_code_fkey", unknown.ConstraintName);
        var site = await Assert.ThrowsAsync<PostgresException>(() => Exec("UPDATE households SET site_code = 'NOPE' WHERE code = 'S1'"));
        Assert.Equal("households_site_code_fkey", site.ConstraintName);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => Exec("DELETE FROM admin_units WHERE code = '150621'"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, delete.SqlState);
        Assert.Equal("households_unit_code_fkey", delete.ConstraintName);

        // A code change follows into households (the households_ref_cascade trigger, as ON UPDATE CASCADE would); rolled back after.
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var rename = new NpgsqlCommand("UPDATE admin_units SET code = code || 'X' WHERE code = (SELECT unit_code FROM households WHERE code = 'S1')", conn, tx))
            await rename.ExecuteNonQueryAsync();
        await using var check = new NpgsqlCommand("SELECT unit_code LIKE '%X' AND EXISTS (SELECT FROM admin_units a WHERE a.code = h.unit_code) FROM households h WHERE code = 'S1'", conn, tx);
        Assert.Equal(true, await check.ExecuteScalarAsync());
        await tx.RollbackAsync();
    }

    async Task Exec(string sql)
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
