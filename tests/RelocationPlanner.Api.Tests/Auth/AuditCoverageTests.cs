using Npgsql;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Auth;

public class AuditCoverageTests
{
    /// <summary>
    /// Bookkeeping tables that are not data anyone edits. jobs is the state of background work
    /// (progress updates many times a second; its creator and times are in the row itself);
    /// household_status, infra_unit_parts, infra_unit_pieces, infra_sums, infra_month_sums, registration_sums, disbursement_sums, household_compliance,
    /// compliance_sums, compliance_months, settled_days, settled_months, registration_months, disbursement_months,
    /// site_household_days, site_household_months, site_project_days, site_project_months, site_over_budget, household_counts and
    /// unit_ancestors are projections kept by triggers from audited tables; refresh_backlog is the queue of their bulk refreshes.
    /// scoring_run_sites holds a run's computed results, written once with the run (whose insert is in history) and never
    /// changed (the service may only insert them): kept out of history as the run's results always were.
    /// </summary>
    static readonly string[] NotAudited = ["history", "data_versions", "schema_migrations", "spatial_ref_sys", "jobs", "household_status", "infra_unit_parts", "infra_unit_pieces", "infra_sums", "infra_month_sums", "refresh_backlog", "registration_sums", "disbursement_sums",
        "household_compliance", "compliance_sums", "unit_ancestors", "registration_months", "disbursement_months",
        "compliance_months", "settled_days", "settled_months", "site_household_days", "site_household_months", "site_project_days", "site_project_months", "site_over_budget",
        "household_counts", "scoring_run_sites"];

    /// <summary>
    /// Every table of the schema records inserts, updates and deletes in history (via rp_track,
    /// rp_track_plain, or an own trigger function with "history" in its name); an append-only table
    /// (updates and deletes refused by rp_append_only) records its inserts. A new table without it fails here.
    /// </summary>
    [Fact]
    public async Task Every_table_writes_history_for_insert_update_and_delete()
    {
        await using var conn = new NpgsqlConnection(await TestDatabase.CreateAsync("cov"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT c.relname,
                   bool_or(t.tgtype & 4 <> 0 AND p.proname LIKE '%history%') AS ins,
                   bool_or(t.tgtype & 16 <> 0 AND (p.proname LIKE '%history%' OR p.proname = 'rp_append_only')) AS upd,
                   bool_or(t.tgtype & 8 <> 0 AND (p.proname LIKE '%history%' OR p.proname = 'rp_append_only')) AS del
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
            LEFT JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE c.relkind IN ('r', 'p') AND c.relname <> ALL ($1)
            GROUP BY c.relname ORDER BY c.relname
            """, conn);
        cmd.Parameters.AddWithValue(NotAudited);
        var missing = new List<string>();
        var tables = 0;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            tables++;
            bool Has(int i) => !r.IsDBNull(i) && r.GetBoolean(i);
            if (!Has(1) || !Has(2) || !Has(3)) missing.Add(r.GetString(0));
        }
        Assert.True(tables >= 9, $"only {tables} tables found");
        Assert.True(missing.Count == 0, "tables without full history triggers: " + string.Join(", ", missing));
    }
}
