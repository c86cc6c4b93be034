-- Stores one scoring run of the saved sites. A job retried after its process died gets the run
-- it stored before (one run per job), never a second one. The results arrive as UTF-8 bytes,
-- streamed by the caller instead of held as one string.
WITH ins AS (
  INSERT INTO scoring_runs (profile_code, profile_version, data_version, data_versions, job_id, site_count, results, created_by)
  VALUES ($1, $2, $3, $4::jsonb, $5, $6, convert_from($7, 'UTF8')::jsonb, $8)
  ON CONFLICT (job_id) DO NOTHING
  RETURNING id, created_at
)
SELECT id, created_at FROM ins
UNION ALL
SELECT id, created_at FROM scoring_runs WHERE job_id = $5 AND NOT EXISTS (SELECT 1 FROM ins)
