-- Creates a user and its first API token (only the token's hash is stored) with its expiry.
WITH u AS (
  INSERT INTO users (name, role) VALUES ($1, $2) RETURNING id
)
INSERT INTO api_tokens (user_id, token_hash, expires_at) SELECT id, $3, $4 FROM u
