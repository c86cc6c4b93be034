-- Stores one scoring run's metadata, in the transaction that copies its rows into
-- scoring_run_sites. A job retried after its process died gets the run it stored before (one run
-- per job): nothing is returned on a conflict, and run_by_job.sql reads the stored run instead
-- (in a statement of its own, which sees a run committed while this one waited on the index).
INSERT INTO scoring_runs (profile_code, profile_version, data_version, data_versions, job_id, site_count, created_by)
VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
ON CONFLICT (job_id) DO NOTHING
RETURNING id, created_at
