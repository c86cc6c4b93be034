-- Latest version of every saved profile.
SELECT DISTINCT ON (code) code, version, body->>'name' AS name, created_by, created_at
FROM scoring_profiles ORDER BY code, version DESC
