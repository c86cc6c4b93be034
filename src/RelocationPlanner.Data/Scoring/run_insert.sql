-- Stores one scoring run of the saved sites.
INSERT INTO scoring_runs (profile_code, profile_version, data_version, data_versions, job_id, site_count, results, created_by)
VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8)
RETURNING id, created_at
