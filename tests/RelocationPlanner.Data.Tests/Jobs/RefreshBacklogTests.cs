using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Core.Registry;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Data.Registry;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Jobs;

/// <summary>
/// A household import larger than the sync limit leaves the compliance projection to the queue:
/// the report says how many households it does not include yet, the drain brings it to the same
/// figures a synchronous refresh gives (one batch of at most the sync limit per transaction, the
/// batches shared among drains), and a small write after it is projected at once.
/// </summary>
public class RefreshBacklogTests
{
    [Fact]
    public async Task A_bulk_household_import_is_projected_by_the_drain_and_the_report_says_what_is_queued()
    {
        var cs = await TestDatabase.CreateAsync("backlog");
        await using (var setup = Database.CreateDataSource(cs))
        {
            await using var source = await ImportSource.OpenAsync(Path.Combine(TestDatabase.RepoRoot, "data", "demo", "admin_units.geojson"),
                "admin_units.geojson", Collections.AdminUnits, null, default);
            await FeatureImporter.ImportAsync(setup, Collections.AdminUnits, source, new ImportSettings(), "tester", null, default);
            await Exec(setup, """
                INSERT INTO compliance_policies (code, region_code, valid_from, valid_to, max_area_m2_per_person, max_self_paid_per_person,
                                                 max_self_paid_per_household, demolish_within_days, min_employed_per_labour_household)
                VALUES ('nat', '15', '2016-01-01', '2017-12-31', 25, 3000, 10000, 365, 1)
                """);
        }
        // Bulk statements of more than 3 households are queued (the default is 20,000).
        await using var db = Database.CreateDataSource(new NpgsqlConnectionStringBuilder(Database.ToConnectionString(cs)) { Options = "-c rp.refresh_sync_limit=3" }.ConnectionString);
        // Six households of four: three at 25 m2 per person (within), three over.
        var rows = Enumerable.Range(1, 6).Select(i => $"Q{i},户{i},4,150621,,,separate_self_built,2016-03-01,,,{(i <= 3 ? "100.00" : "120.00")},,,,,");
        await using (var conn = await db.OpenConnectionAsync())
        {
            await using var tx = await Database.BeginAsUserAsync(conn, "tester", default);
            var outcome = await HouseholdImport.ImportAsync(conn, tx,
                new StringReader(string.Join(',', HouseholdCsv.AllColumns) + "\n" + string.Join("\n", rows) + "\n"), default);
            Assert.Equal(0, outcome.ErrorCount);
            await tx.CommitAsync();
        }
        var day = new DateOnly(2016, 12, 31);
        Assert.Equal(6, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Compliance, default));
        Assert.Equal(0, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Infrastructure, default));
        Assert.DoesNotContain((await ComplianceStore.ReportAsync(db, "county", day, null, default)).Rows, r => r.UnitCode == "150621");

        // Queued in batches of at most the limit; a drain holding one batch leaves the other to the next drain (SKIP LOCKED), which does not wait for it.
        await using (var check = db.CreateCommand("SELECT count(*), max(cardinality(ids)) FROM refresh_backlog"))
        await using (var r = await check.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            Assert.Equal((2L, 3), (r.GetInt64(0), r.GetInt32(1)));
        }
        await using (var holder = await db.OpenConnectionAsync())
        {
            // Another drain holding the oldest batch (its row locked, as rp_refresh_drain takes it).
            await using var held = await holder.BeginTransactionAsync();
            await using (var one = new NpgsqlCommand("SELECT id FROM refresh_backlog ORDER BY id LIMIT 1 FOR UPDATE", holder, held))
                await one.ExecuteScalarAsync();
            Assert.Equal(3, await RefreshBacklog.DrainAsync(db, default));
            Assert.Equal(3, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Compliance, default)); // the held batch, until that drain ends
            await held.RollbackAsync();
        }
        Assert.Equal(3, await RefreshBacklog.DrainAsync(db, default));
        Assert.Equal(0, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Compliance, default));
        var row = Assert.Single((await ComplianceStore.ReportAsync(db, "county", day, null, default)).Rows, r => r.UnitCode == "150621");
        Assert.Equal((6L, 6L, 3L), (row.Households, row.Covered, row.AreaOverLimit));
        Assert.Equal(0, await RefreshBacklog.DrainAsync(db, default));

        // One household's facts: under the limit, projected in its own statement.
        await Exec(db, "UPDATE households SET house_area_m2 = 90 WHERE code = 'Q4'");
        Assert.Equal(0, await RefreshBacklog.PendingAsync(db, RefreshBacklog.Compliance, default));
        row = Assert.Single((await ComplianceStore.ReportAsync(db, "county", day, null, default)).Rows, r => r.UnitCode == "150621");
        Assert.Equal(2L, row.AreaOverLimit);
    }

    static async Task Exec(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
