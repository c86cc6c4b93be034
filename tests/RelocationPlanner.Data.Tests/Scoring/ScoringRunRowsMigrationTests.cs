using Npgsql;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.Data.Scoring;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Scoring;

/// <summary>The migration that moves runs' results from one jsonb document per run to one row per site.</summary>
public class ScoringRunRowsMigrationTests
{
    [Fact]
    public async Task Stored_runs_results_become_rows_and_the_document_column_is_gone()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("runrows"));
        // The database as it was before the migration: results as one document per run, kept out of history.
        await ExecAsync(db, """
            DROP TABLE scoring_run_sites;
            ALTER TABLE scoring_runs ADD COLUMN results jsonb;
            DROP TRIGGER history_ins ON scoring_runs; DROP TRIGGER history_upd ON scoring_runs; DROP TRIGGER history_del ON scoring_runs;
            SELECT rp_track_plain('scoring_runs', 'profile_code', ARRAY['results']);
            INSERT INTO scoring_runs (profile_code, profile_version, data_version, data_versions, site_count, results, created_by) VALUES
              ('default', 1, 7, '{"roads": 7}', 3, '[
                 {"site_id": 12, "code": "S-12", "score": 71.25, "excluded": false, "reasons": [],
                  "criteria": [{"criterion": "road", "distance_m": 120.5, "score": 1, "weight": 0.3}]},
                 {"site_id": 3, "code": null, "score": 0, "excluded": true, "reasons": ["inside exclusion zone Z1", "no town within reach"],
                  "criteria": [{"criterion": "road", "distance_m": null, "network_distance_m": 900.25, "score": 0, "weight": 0.3}]},
                 {"site_id": 40, "code": "S-40", "score": 12.5, "excluded": false, "reasons": ["no well"], "criteria": []}
               ]', 'tester'),
              ('default', 1, 8, '{"roads": 8}', 0, '[]', 'tester');
            ALTER TABLE scoring_runs ALTER COLUMN results SET NOT NULL;
            DELETE FROM schema_migrations WHERE version = '0910_scoring_run_sites';
            """);
        long first = await ScalarAsync<long>(db, "SELECT min(id) FROM scoring_runs");

        Assert.Equal(1, await Migrator.MigrateAsync(db, CancellationToken.None));

        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'scoring_runs' AND column_name = 'results'"));
        Assert.Equal(3L, await ScalarAsync<long>(db, "SELECT count(*) FROM scoring_run_sites"));
        var rows = new List<RunSiteResult>();
        await foreach (var r in ScoringStore.RunSitesAsync(db, first, 0, null, CancellationToken.None)) rows.Add(r);
        Assert.Equal([3L, 12L, 40L], rows.Select(r => r.SiteId));
        Assert.Equal([null, "S-12", "S-40"], rows.Select(r => r.Code));
        Assert.Equal([0, 71.25, 12.5], rows.Select(r => r.Score));
        Assert.Equal([true, false, false], rows.Select(r => r.Excluded));
        Assert.Equal(["inside exclusion zone Z1", "no town within reach"], rows[0].Reasons);
        Assert.Empty(rows[1].Reasons);
        Assert.Null(rows[0].Criteria[0].DistanceM);
        Assert.Equal(900.25, rows[0].Criteria[0].NetworkDistanceM);
        Assert.Equal(120.5, rows[1].Criteria[0].DistanceM);
        Assert.Equal(0.3, rows[1].Criteria[0].Weight);
        Assert.Empty(rows[2].Criteria);

        // Pages: after a site id, at most a limit.
        var page = new List<long>();
        await foreach (var r in ScoringStore.RunSitesAsync(db, first, 3, 1, CancellationToken.None)) page.Add(r.SiteId);
        Assert.Equal([12L], page);

        // A run stored now is in history as before (its metadata), through the triggers attached again.
        await ExecAsync(db, "INSERT INTO scoring_runs (profile_code, profile_version, data_version, data_versions, site_count, created_by) VALUES ('default', 1, 9, '{}', 0, 'tester')");
        Assert.Equal(9L, await ScalarAsync<long>(db, "SELECT (new_values->>'data_version')::bigint FROM history WHERE entity = 'scoring_runs' ORDER BY id DESC LIMIT 1"));
    }

    static async Task ExecAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
