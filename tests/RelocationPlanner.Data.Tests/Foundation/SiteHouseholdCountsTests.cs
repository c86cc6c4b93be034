using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Foundation;

/// <summary>
/// The projections site progress and the household list read (site_household_days/_months,
/// household_counts, 0560) stay equal to counting household_status and households the slow way
/// after every kind of change: milestones, a withdrawal, a household moved to another site or
/// unit or resized, a household without a status yet, a site's code, unit or type changed, a
/// unit moved or renamed; a milestone dated before the last one is refused and changes nothing.
/// </summary>
public class SiteHouseholdCountsTests
{
    [Fact]
    public async Task The_kept_counts_equal_the_slow_counts_after_every_kind_of_change()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("shc"));
        await using var conn = await db.OpenConnectionAsync();
        async Task Exec(string sql)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
        async Task<long> Scalar(string sql)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        // Differences between the kept and the slow counts: site progress's as of every day of
        // 2016-2019 (per site's unit), the months against their days, the list's per (unit, status).
        async Task AssertKept(string step)
        {
            var sites = await Scalar("""
                WITH days AS (SELECT d::date AS d FROM generate_series('2016-01-01'::date, '2019-12-31', '1 day') d),
                slow AS (
                  SELECT days.d, s.unit_code, count(*) AS assigned, count(*) FILTER (WHERE h.moved_in_on <= days.d) AS moved_in
                  FROM days JOIN household_status h ON h.registered_on <= days.d AND (h.withdrawn_on IS NULL OR h.withdrawn_on > days.d)
                  JOIN sites s ON s.code = h.site_code AND s.site_type = 'centralized'
                  GROUP BY 1, 2),
                kept AS (
                  SELECT days.d, x.unit_code, sum(x.assigned) AS assigned, sum(x.moved_in) AS moved_in
                  FROM days JOIN (SELECT unit_code, on_date, assigned, moved_in, true AS month FROM site_household_months
                                  UNION ALL SELECT unit_code, on_date, assigned, moved_in, false FROM site_household_days) x
                    ON CASE WHEN x.month THEN x.on_date < date_trunc('month', days.d) ELSE x.on_date >= date_trunc('month', days.d) AND x.on_date <= days.d END
                  GROUP BY 1, 2 HAVING sum(x.assigned) <> 0 OR sum(x.moved_in) <> 0)
                SELECT count(*) FROM ((TABLE slow EXCEPT ALL TABLE kept) UNION ALL (TABLE kept EXCEPT ALL TABLE slow)) x
                """);
            var months = await Scalar("""
                WITH m AS (SELECT unit_code, on_date, assigned, moved_in FROM site_household_months WHERE assigned <> 0 OR moved_in <> 0),
                d AS (SELECT unit_code, date_trunc('month', on_date)::date AS on_date, sum(assigned) AS assigned, sum(moved_in) AS moved_in
                      FROM site_household_days GROUP BY 1, 2 HAVING sum(assigned) <> 0 OR sum(moved_in) <> 0)
                SELECT count(*) FROM ((TABLE m EXCEPT ALL TABLE d) UNION ALL (TABLE d EXCEPT ALL TABLE m)) x
                """);
            var list = await Scalar("""
                WITH slow AS (
                  SELECT h.unit_code, coalesce(s.status, 'none') AS status, count(*) AS households, sum(h.members) AS people
                  FROM households h LEFT JOIN household_status s ON s.household_id = h.id GROUP BY 1, 2),
                kept AS (SELECT unit_code, status, households, people FROM household_counts WHERE households <> 0 OR people <> 0)
                SELECT count(*) FROM ((TABLE slow EXCEPT ALL TABLE kept) UNION ALL (TABLE kept EXCEPT ALL TABLE slow)) x
                """);
            Assert.True((sites, months, list) == (0, 0, 0), $"after {step}: {sites} site-day differences, {months} month differences, {list} list differences");
        }
        static string Box(int x) => $"ST_MakeEnvelope({100 + x}, 30, {101 + x}, 31, 4326)";
        static string Site(string code, string unit, int x) =>
            $"('{code}', '{code}', 'centralized', NULL, 300, '{unit}', {Box(x)})";
        async Task Milestone(string household, string milestone, string on) =>
            await Exec($"INSERT INTO milestones (household_id, milestone, on_date) SELECT id, '{milestone}', '{on}' FROM households WHERE code = '{household}'");

        await Exec($"""
            INSERT INTO admin_units (code, name, level, parent_code, geom) VALUES
              ('P1', 'p1', 'province', NULL, ST_Multi({Box(0)})), ('P2', 'p2', 'province', NULL, ST_Multi({Box(5)})),
              ('C1', 'c1', 'county', 'P1', ST_Multi({Box(0)})), ('C2', 'c2', 'county', 'P1', ST_Multi({Box(1)})), ('C3', 'c3', 'county', 'P2', ST_Multi({Box(5)}));
            INSERT INTO sites (code, name, site_type, separate_kind, capacity_households, unit_code, geom) VALUES
              {Site("S1", "C1", 0)}, {Site("S2", "C2", 1)}, {Site("S3", "C3", 5)},
              ('X1', 'x1', 'separate', 'self_built', NULL, 'C1', ST_SetSRID(ST_Point(100.5, 30.5), 4326));
            INSERT INTO households (code, head_name, members, unit_code, site_code, settlement_type) VALUES
              ('H1', 'a', 3, 'C1', 'S1', 'centralized'), ('H2', 'b', 4, 'C1', 'S1', 'centralized'), ('H3', 'c', 2, 'C2', 'S2', 'centralized'),
              ('H4', 'd', 5, 'C2', 'S2', 'centralized'), ('H5', 'e', 1, 'C1', 'X1', 'separate_self_built'), ('H6', 'f', 6, 'C3', 'S3', 'centralized');
            """);
        await AssertKept("households without milestones");
        // One statement for several households (the import's case), then one at a time.
        await Exec("""
            INSERT INTO milestones (household_id, milestone, on_date)
            SELECT h.id, m.milestone, m.on_date::date FROM households h
            JOIN (VALUES ('H1', 'registered', '2016-03-10'), ('H1', 'keys_claimed', '2016-09-01'), ('H1', 'moved_in', '2016-09-20'),
                         ('H2', 'registered', '2016-03-10'), ('H3', 'registered', '2016-04-30'), ('H3', 'moved_in', '2017-01-01'),
                         ('H4', 'registered', '2016-05-01'), ('H5', 'registered', '2016-05-02'), ('H5', 'moved_in', '2016-11-11')) m (code, milestone, on_date)
              ON m.code = h.code ORDER BY h.id, rp_milestone_rank(m.milestone)
            """);
        await Milestone("H2", "moved_in", "2016-09-20");
        await Milestone("H6", "registered", "2017-02-28");
        await AssertKept("milestones");
        Assert.Equal(5L, await Scalar("SELECT sum(assigned) FROM site_household_months"));
        Assert.Equal(3L, await Scalar("SELECT sum(moved_in) FROM site_household_months"));

        // A withdrawal (after moving in, and another before).
        await Milestone("H1", "withdrawn", "2018-06-15");
        await Milestone("H4", "withdrawn", "2016-05-01");
        await AssertKept("withdrawals");
        // A milestone dated before the household's last one is refused; nothing moves.
        var late = await Assert.ThrowsAsync<PostgresException>(() => Milestone("H6", "keys_claimed", "2017-01-01"));
        Assert.Equal("milestones_forward_only", late.ConstraintName);
        await AssertKept("a refused earlier milestone");
        // A household moved to another site, to another unit, resized; one without a status moved.
        await Exec("UPDATE households SET site_code = 'S2' WHERE code = 'H2'");
        await Exec("UPDATE households SET unit_code = 'C3', members = 7 WHERE code = 'H3'");
        await Exec("INSERT INTO households (code, head_name, members, unit_code, site_code, settlement_type) VALUES ('H7', 'g', 2, 'C1', 'S1', 'centralized')");
        await Exec("UPDATE households SET unit_code = 'C2', members = 3 WHERE code = 'H7'");
        await AssertKept("households moved and resized");
        await Milestone("H7", "registered", "2019-01-05");
        await AssertKept("a late first milestone");
        // A site's unit, code (cascading to its households) and type change.
        await Exec("UPDATE sites SET unit_code = 'C3' WHERE code = 'S2'");
        await AssertKept("a site moved to another unit");
        await Exec("UPDATE sites SET code = 'S1X' WHERE code = 'S1'");
        await AssertKept("a site's code changed");
        Assert.Equal(2L, await Scalar("SELECT count(*) FROM household_status WHERE site_code = 'S1X'"));
        await Exec("UPDATE sites SET site_type = 'separate', separate_kind = 'purchased', geom = ST_SetSRID(ST_Point(105.5, 30.5), 4326) WHERE code = 'S3'");
        await AssertKept("a site no longer centralized");
        await Exec($"UPDATE sites SET site_type = 'centralized', separate_kind = NULL, geom = {Box(5)} WHERE code = 'S3'");
        await AssertKept("a site centralized again");
        // A unit moved to another province, and renamed (its households and sites follow).
        await Exec("UPDATE admin_units SET parent_code = 'P2' WHERE code = 'C1'");
        await AssertKept("a unit moved");
        await Exec("UPDATE admin_units SET code = 'C9' WHERE code = 'C3'");
        await AssertKept("a unit renamed");
        Assert.Equal(0L, await Scalar("SELECT count(*) FROM site_household_days WHERE unit_code = 'C3' AND (assigned <> 0 OR moved_in <> 0)"));
        Assert.Equal(0L, await Scalar("SELECT count(*) FROM household_counts WHERE unit_code = 'C3' AND households <> 0"));
        // The counts were not all zero all along.
        Assert.Equal(7L, await Scalar("SELECT sum(households) FROM household_counts"));
        Assert.True(await Scalar("SELECT count(*) FROM site_household_days WHERE assigned <> 0") >= 5);
    }
}
