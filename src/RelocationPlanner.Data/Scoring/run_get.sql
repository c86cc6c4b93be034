-- One scoring run's metadata (its per-site results are read a page at a time by run_sites.sql).
SELECT id, profile_code, profile_version, data_version, data_versions::text AS data_versions, job_id, site_count, created_by, created_at
FROM scoring_runs WHERE id = $1
