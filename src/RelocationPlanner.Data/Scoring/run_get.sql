-- One scoring run with its results.
SELECT id, profile_code, profile_version, data_version, data_versions::text, job_id, site_count, results::text, created_by, created_at
FROM scoring_runs WHERE id = $1
