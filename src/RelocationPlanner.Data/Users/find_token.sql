-- Authenticates a bearer token by its hash and says why a known token is refused (revoked or
-- expired), so the caller can be told and failures counted per user. last_used_at of live
-- tokens is refreshed at most once a minute, so busy clients do not write on every request.
WITH hit AS (
  SELECT t.id, u.name, u.role, t.expires_at, t.last_used_at,
         (t.revoked_at IS NOT NULL OR u.revoked_at IS NOT NULL) AS revoked,
         t.expires_at <= now() AS expired
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.token_hash = $1
), touch AS (
  UPDATE api_tokens SET last_used_at = now()
  WHERE id IN (SELECT id FROM hit WHERE NOT revoked AND NOT expired
                                  AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
)
SELECT name, role, expires_at, revoked, expired FROM hit
