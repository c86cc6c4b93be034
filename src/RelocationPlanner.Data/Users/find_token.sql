-- Authenticates a bearer token by its hash; only live tokens of live users match.
-- last_used_at is refreshed at most once a minute, so busy clients do not write on every request.
WITH hit AS (
  SELECT t.id, u.name, u.role, t.last_used_at
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.revoked_at IS NULL
), touch AS (
  UPDATE api_tokens SET last_used_at = now()
  WHERE id IN (SELECT id FROM hit WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
)
SELECT name, role FROM hit
