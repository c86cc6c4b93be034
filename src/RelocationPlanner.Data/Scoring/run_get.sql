-- One scoring run with its results.
SELECT id, profile_code, profile_version, data_version, data_versions::text AS data_versions, job_id, site_count, results::text AS results, created_by, created_at
FROM scoring_runs WHERE id = $1
