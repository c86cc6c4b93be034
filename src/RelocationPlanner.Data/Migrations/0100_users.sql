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

-- History for tables without the collection stamps (no geom, no code/version columns):
-- TG_ARGV[0] names the column used as entity_code; TG_ARGV[1..] name columns kept out of
-- history (secrets such as token hashes, and noise such as last_used_at). An update that only
-- touches such columns writes no history row. A bulk insert is one history row (see the history
-- table), except on tables with hidden columns: their rows are never read back into history.
-- id and entity_code are read from the row, not extracted back out of its JSON.
CREATE FUNCTION rp_history_plain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hidden text[] := coalesce(TG_ARGV[1:], ARRAY[]::text[]);
  code_col text := TG_ARGV[0];
  nrows bigint; lo bigint; hi bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT count(*), min(id), max(id) INTO nrows, lo, hi FROM new_rows;
    IF nrows > rp_history_batch_rows() AND cardinality(hidden) = 0 THEN
      INSERT INTO history (entity, entity_ids, row_count, op, changed_by)
      SELECT TG_TABLE_NAME, rp_id_ranges(lo, hi, nrows, CASE WHEN hi - lo + 1 = nrows THEN NULL ELSE ARRAY(SELECT id FROM new_rows) END),
             nrows, 'insert', rp_current_user();
    ELSE
      EXECUTE format('INSERT INTO history (entity, entity_id, entity_code, op, new_values, changed_by)
                      SELECT %L, n.id, n.%I::text, ''insert'', to_jsonb(n) - $1, rp_current_user() FROM new_rows n',
                     TG_TABLE_NAME, code_col) USING hidden;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO history (entity, entity_id, entity_code, op, old_values, new_values, changed_by)
    SELECT TG_TABLE_NAME, (nj->>'id')::bigint, nj->>code_col, 'update', oj - hidden, nj - hidden, rp_current_user()
    FROM (SELECT to_jsonb(n) AS nj, to_jsonb(o) AS oj FROM new_rows n JOIN old_rows o ON o.id = n.id) s
    WHERE oj - hidden IS DISTINCT FROM nj - hidden;
    IF NOT FOUND THEN RETURN NULL; END IF;
  ELSE
    INSERT INTO history (entity, entity_id, entity_code, op, old_values, changed_by)
    SELECT TG_TABLE_NAME, (j->>'id')::bigint, j->>code_col, 'delete', j - hidden, rp_current_user()
    FROM (SELECT to_jsonb(o) AS j FROM old_rows o) s;
  END IF;
  INSERT INTO data_versions AS d (entity, version) VALUES (TG_TABLE_NAME, 1)
  ON CONFLICT (entity) DO UPDATE SET version = d.version + 1, changed_at = now();
  RETURN NULL;
END $$;

-- Attaches rp_history_plain to a table with a bigint id column (call once per table).
CREATE FUNCTION rp_track_plain(tbl regclass, code_column text, hidden text[] DEFAULT ARRAY[]::text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  args text := array_to_string(ARRAY(SELECT quote_literal(a) FROM unnest(code_column || hidden) a), ', ');
BEGIN
  EXECUTE format('CREATE TRIGGER history_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_history_plain(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER history_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_history_plain(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER history_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_history_plain(%s)', tbl, args);
END $$;

SELECT rp_track_plain('users', 'name');
SELECT rp_track_plain('api_tokens', 'user_id', ARRAY['token_hash', 'last_used_at']);
