-- Users, roles and API tokens. Every change to data must be traceable to a person, so the
-- service authenticates bearer tokens against this table and records the user's name in
-- rp.user for history. Tokens are stored only as SHA-256 hashes: a stolen backup or a read of
-- this table does not yield a usable token.
CREATE TABLE users (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
  role        text NOT NULL CHECK (role IN ('viewer', 'planner', 'engineer', 'relocation_officer', 'admin')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL DEFAULT rp_current_user(),
  revoked_at  timestamptz
);

CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- History as for every table (0001's rp_history): the token hash is a secret and last_used_at
-- noise, so both are kept out (and an update touching only them writes no history).
SELECT rp_track_plain('users', 'name');
SELECT rp_track_plain('api_tokens', 'user_id', ARRAY['token_hash', 'last_used_at']);
