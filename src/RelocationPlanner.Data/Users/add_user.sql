-- Creates a user and its first API token (only the token's hash is stored).
WITH u AS (
  INSERT INTO users (name, role) VALUES ($1, $2) RETURNING id
)
INSERT INTO api_tokens (user_id, token_hash) SELECT id, $3 FROM u
