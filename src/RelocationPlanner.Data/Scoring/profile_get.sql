-- A saved profile: the given version, or the latest one when $2 is null.
SELECT version, body::text AS body, created_by, created_at FROM scoring_profiles
WHERE code = $1 AND ($2::int IS NULL OR version = $2)
ORDER BY version DESC LIMIT 1
