-- Every edited table records its changes in history (issue 3). The ledger and milestone tables
-- are append-only (updates and deletes are refused by triggers), so their inserts are what is
-- recorded; scoring profiles and runs are recorded without the bulky per-site results.
CREATE TRIGGER history_ins AFTER INSERT ON milestones REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history_plain('household_id');
CREATE TRIGGER history_ins AFTER INSERT ON disbursements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history_plain('household_id');
SELECT rp_track_plain('scoring_profiles', 'code');
SELECT rp_track_plain('scoring_runs', 'profile_code', ARRAY['results']);
