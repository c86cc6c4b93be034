-- Every edited table records its changes in history. The registry tables, milestones
-- and the disbursement ledger get theirs where they are defined (0300, 0301); scoring profiles
-- and runs are recorded here, without the bulky per-site results.
SELECT rp_track_plain('scoring_profiles', 'code');
SELECT rp_track_plain('scoring_runs', 'profile_code', ARRAY['results']);
