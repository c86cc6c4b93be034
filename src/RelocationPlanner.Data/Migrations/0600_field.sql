-- Field work: work packages for the offline app, the changes it sends back (idempotent, with
-- conflicts kept for an officer), photo evidence, and inspection samples with their results.
-- Photos live in the database (bytea) so that `rp backup` / `rp restore` (pg_dump) carry them with
-- the records they prove; they are kept out of history (bytes, not facts).

-- A package: the households an officer may change from the field, fixed when it is made.
CREATE TABLE field_packages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope       jsonb NOT NULL,
  household_ids bigint[] NOT NULL,
  inspection_id bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL DEFAULT rp_current_user(),
  expires_at  timestamptz NOT NULL
);
CREATE TRIGGER field_packages_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON field_packages
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON field_packages REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('created_by', 'household_ids');

-- Idempotency: the first answer to a key, stored in the transaction of the change it answers, so a
-- resent request gets the same answer and a crash between storing and answering loses neither.
CREATE TABLE idempotency_keys (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key         text NOT NULL UNIQUE CHECK (key ~ '^[A-Za-z0-9_-]{8,128}$'),
  endpoint    text NOT NULL,
  user_name   text NOT NULL,
  body_sha256 bytea NOT NULL,
  status      integer NOT NULL,
  response    text NOT NULL,        -- the answer as sent (text: jsonb would reorder its keys)
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER idempotency_keys_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON idempotency_keys
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON idempotency_keys REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('key', 'response');

-- Photos. position is where the phone says it was taken; exif_* what the file itself says.
CREATE TABLE evidence (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id bigint REFERENCES households (id),
  site_code   text REFERENCES sites (code) ON UPDATE CASCADE,
  step        text NOT NULL CHECK (step ~ '^[a-z_]{1,40}$'),
  taken_at    timestamptz NOT NULL,
  position    geometry(Point, 4326) NOT NULL,
  accuracy_m  double precision CHECK (accuracy_m >= 0),
  device      text CHECK (length(device) <= 200),
  media_type  text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
  bytes       integer NOT NULL,
  width       integer NOT NULL,
  height      integer NOT NULL,
  sha256      text NOT NULL,
  exif        jsonb,
  distance_m  double precision,
  flags       text[] NOT NULL DEFAULT '{}',
  photo       bytea NOT NULL,
  thumbnail   bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL DEFAULT rp_current_user(),
  CONSTRAINT evidence_household_or_site CHECK (household_id IS NOT NULL OR site_code IS NOT NULL)
);
ALTER TABLE evidence ALTER COLUMN photo SET STORAGE EXTERNAL, ALTER COLUMN thumbnail SET STORAGE EXTERNAL; -- already compressed
CREATE INDEX evidence_household_idx ON evidence (household_id);
CREATE INDEX evidence_site_idx ON evidence (site_code);
CREATE INDEX evidence_position_idx ON evidence USING gist (position);
-- Not append-only by trigger: a site's code change must cascade here. The application role may only
-- insert (app_role_grants.sql), so no one but the owner's cascades changes a row, and history records it.
SELECT rp_track_plain('evidence', 'step', ARRAY['photo', 'thumbnail']);

-- Inspection samples: the request, the seed, who drew it and when; the households in sample order.
CREATE TABLE inspections (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_code   text NOT NULL REFERENCES admin_units (code) ON UPDATE CASCADE,
  seed        bigint NOT NULL CHECK (seed >= 0),
  stratify_by text CHECK (stratify_by IN ('county', 'site')),
  requested   jsonb NOT NULL,
  population  integer NOT NULL,
  drawn_at    timestamptz NOT NULL DEFAULT now(),
  drawn_by    text NOT NULL DEFAULT rp_current_user()
);
-- Insert-only for the application role (grants); a unit's code change cascades here, with history.
SELECT rp_track_plain('inspections', 'unit_code');

CREATE TABLE inspection_households (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES inspections (id),
  ord           integer NOT NULL,
  household_id  bigint NOT NULL REFERENCES households (id),
  stratum       text NOT NULL,
  county_code   text,
  -- What the registry said when the sample was drawn (the report compares the field with it).
  settled       boolean NOT NULL,
  UNIQUE (inspection_id, ord),
  UNIQUE (inspection_id, household_id)
);
CREATE TRIGGER inspection_households_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON inspection_households
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON inspection_households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('stratum');

-- One result per sampled household; a conflicting second result is kept as a conflict, and
-- accepting it replaces this row (history keeps the old one).
CREATE TABLE inspection_results (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES inspections (id),
  household_id  bigint NOT NULL REFERENCES households (id),
  outcome       text NOT NULL CHECK (outcome IN ('verified', 'discrepancy')),
  fields        text[] NOT NULL DEFAULT '{}',
  note          text CHECK (length(note) <= 2000),
  evidence_ids  bigint[] NOT NULL DEFAULT '{}',
  recorded_by   text NOT NULL DEFAULT rp_current_user(),
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (inspection_id, household_id),
  CONSTRAINT inspection_results_fields CHECK ((outcome = 'discrepancy') = (cardinality(fields) > 0))
);
SELECT rp_track_plain('inspection_results', 'outcome');

-- What the field sent: every change, applied or not, with the body as sent.
CREATE TABLE field_changes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text NOT NULL,
  package_id   bigint NOT NULL REFERENCES field_packages (id),
  household_id bigint NOT NULL REFERENCES households (id),
  kind         text NOT NULL CHECK (kind IN ('milestone', 'inspection_result')),
  body         jsonb NOT NULL,
  base_version integer NOT NULL,
  status       text NOT NULL CHECK (status IN ('applied', 'conflict')),
  position     geometry(Point, 4326),
  received_at  timestamptz NOT NULL DEFAULT now(),
  received_by  text NOT NULL DEFAULT rp_current_user()
);
CREATE INDEX field_changes_household_idx ON field_changes (household_id);
-- Where visits were recorded, for the map (as evidence positions are).
CREATE INDEX field_changes_position_idx ON field_changes USING gist (position);
CREATE TRIGGER field_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON field_changes
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON field_changes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('kind');

-- A change that could not be applied as it stood: kept until an officer accepts or rejects it.
CREATE TABLE field_conflicts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  change_id    bigint NOT NULL UNIQUE REFERENCES field_changes (id),
  household_id bigint NOT NULL REFERENCES households (id),
  server       jsonb NOT NULL,
  reason       text NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL DEFAULT rp_current_user(),
  resolved_by  text,
  resolved_at  timestamptz,
  resolution_note text CHECK (length(resolution_note) <= 2000),
  CONSTRAINT field_conflicts_resolved CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX field_conflicts_household_idx ON field_conflicts (household_id);
SELECT rp_track_plain('field_conflicts', 'status');
