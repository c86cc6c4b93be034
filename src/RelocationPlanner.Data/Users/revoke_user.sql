-- Revokes a user and every token of theirs; history keeps who did it and when.
WITH u AS (
  UPDATE users SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id
), t AS (
  UPDATE api_tokens SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL RETURNING id
)
SELECT (SELECT count(*) FROM u) AS users, (SELECT count(*) FROM t) AS tokens
