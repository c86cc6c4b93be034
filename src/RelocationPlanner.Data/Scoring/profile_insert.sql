-- Saves a new version of a profile: one more than the latest of the same code. The body's own
-- version field is rewritten to match. A concurrent save of the same code hits the unique key.
INSERT INTO scoring_profiles (code, version, body, created_by)
SELECT $1, v.next, jsonb_set($2::jsonb, '{version}', to_jsonb(v.next)), $3
FROM (SELECT coalesce(max(version), 0) + 1 AS next FROM scoring_profiles WHERE code = $1) v
RETURNING version, created_at
