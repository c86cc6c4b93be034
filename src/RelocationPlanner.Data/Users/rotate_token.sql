-- Replaces a live user's tokens with a new one: the old tokens are revoked in the same
-- statement, so there is no moment with two valid tokens or none. No row: no such live user.
WITH u AS (
  SELECT id FROM users WHERE name = $1 AND revoked_at IS NULL
), old AS (
  UPDATE api_tokens SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL RETURNING id
)
INSERT INTO api_tokens (user_id, token_hash, expires_at) SELECT id, $2, $3 FROM u
RETURNING (SELECT count(*) FROM old) AS revoked_tokens
