-- Foundation schema: the spatial collections, their change stamps and their history.
-- Storage SRID is 4326 (WGS 84 lon/lat) for every geometry column; CGCS2000 (4490) differs from
-- it by centimetres, which no use of this product resolves. Metric work uses geography or a
-- CGCS2000 Gauss-Kruger zone.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Who is changing data: set per transaction by the service (set_config('rp.user', ..., true)).
CREATE FUNCTION rp_current_user() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('rp.user', true), ''), 'system')
$$;

-- Change history of every collection: one row per changed row, old and new values as JSON.
-- A bulk insert (a statement of more than rp.history_batch_rows rows, default 1000: an import, a
-- registry load) is one row for the whole statement: who, when, how many rows and which ids
-- (entity_ids). The values it inserted are the rows themselves, stamped version 1; a later
-- update or delete records them as its old values. rp_history_inserted_values() gives them
-- back per row, so the audit trail of one row reads the same either way. One history row per
-- imported row was half the cost of an import (two btree entries, a JSON document each).
CREATE TABLE history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity      text        NOT NULL,
  entity_id   bigint,
  entity_ids  int8multirange,
  row_count   bigint      NOT NULL DEFAULT 1,
  entity_code text,
  op          text        NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  old_values  jsonb,
  new_values  jsonb,
  changed_by  text        NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  tx_id       bigint      NOT NULL DEFAULT txid_current(),
  CONSTRAINT history_one_or_batch CHECK ((entity_id IS NOT NULL AND entity_ids IS NULL AND row_count = 1)
                                      OR (entity_id IS NULL AND entity_ids IS NOT NULL AND op = 'insert' AND row_count > 0))
);
CREATE INDEX history_entity_idx ON history (entity, entity_id, id);
CREATE INDEX history_batch_idx ON history USING gist (entity_ids) WHERE entity_ids IS NOT NULL;
CREATE INDEX history_user_idx ON history (changed_by, changed_at);
-- The tile pre-builder reads the changes of transactions that were still open at its last mark.
CREATE INDEX history_tx_idx ON history (tx_id);
-- History is appended in time order: a block-range index serves the audit trail's "since" bound
-- at a fraction of a btree's insert cost.
CREATE INDEX history_time_idx ON history USING brin (changed_at);

-- How many rows one statement may insert and still get a history row each.
CREATE FUNCTION rp_history_batch_rows() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('rp.history_batch_rows', true), '')::bigint, 1000)
$$;

-- The ids of a bulk insert's rows as ranges. Ids come from one sequence, so a statement's ids
-- are usually one run (count = max - min + 1) and the general range_agg (a sort) is skipped.
CREATE FUNCTION rp_id_ranges(lo bigint, hi bigint, n bigint, ids bigint[]) RETURNS int8multirange
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN hi - lo + 1 = n THEN int8multirange(int8range(lo, hi, '[]'))
              ELSE (SELECT range_agg(int8range(i, i, '[]')) FROM unnest(ids) i) END
$$;

-- A change counter per table, bumped once per statement that wrote history (rp_history):
-- scoring caches, tile ETags and reports key on it ("data version").
CREATE TABLE data_versions (
  entity  text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION rp_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := now(); NEW.created_by := rp_current_user(); NEW.version := 1;
  ELSE
    NEW.created_at := OLD.created_at; NEW.created_by := OLD.created_by;
    NEW.version := OLD.version + 1;
  END IF;
  NEW.updated_at := now(); NEW.updated_by := rp_current_user();
  RETURN NEW;
END $$;

-- A row of table `tbl` (named `alias` in the caller's SQL) as history keeps it, as SQL text: one
-- jsonb_build_object over its columns except `hidden`, the geometry (if any) as exact EWKT
-- (to_jsonb of a row would write the geometry as GeoJSON, only to drop it).
CREATE FUNCTION rp_history_json(tbl regclass, alias text, hidden text[]) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT 'jsonb_build_object(' || string_agg(format(CASE WHEN a.attname = 'geom' THEN '%L, ST_AsEWKT(%I.%I)' ELSE '%L, %I.%I' END,
                                                    a.attname, alias, a.attname), ', ' ORDER BY a.attnum) || ')'
  FROM pg_attribute a
  WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> ALL (hidden)
$$;

-- Statement-level history with transition tables: one INSERT per statement, so bulk imports
-- pay for history once per batch, not once per row. Every table's triggers run this one
-- function (attached by rp_track_plain): the row id is column id; TG_ARGV[0] names the column
-- kept as entity_code; TG_ARGV[1..] name columns kept out of history (secrets such as token
-- hashes, and noise such as last_used_at). An update that changes no kept column writes no
-- history row, and a statement that writes none leaves the data version alone. A bulk insert
-- is one history row (see the history table), except on tables with hidden columns: their rows
-- are never read back into history. Transition tables are visible only in the trigger function
-- itself (and its EXECUTEd SQL), so the per-row SQL is built here from rp_history_json.
CREATE FUNCTION rp_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  code_col text := TG_ARGV[0];
  hidden text[] := coalesce(TG_ARGV[1:], ARRAY[]::text[]);
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
                      SELECT %L, n.id, n.%I::text, ''insert'', %s, rp_current_user() FROM new_rows n',
                     TG_TABLE_NAME, code_col, rp_history_json(TG_RELID, 'n', hidden));
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE format('INSERT INTO history (entity, entity_id, entity_code, op, old_values, new_values, changed_by)
                    SELECT %L, s.id, s.code, ''update'', s.oj, s.nj, rp_current_user()
                    FROM (SELECT n.id, n.%I::text AS code, %s AS oj, %s AS nj FROM new_rows n JOIN old_rows o ON o.id = n.id) s
                    WHERE s.oj IS DISTINCT FROM s.nj',
                   TG_TABLE_NAME, code_col, rp_history_json(TG_RELID, 'o', hidden), rp_history_json(TG_RELID, 'n', hidden));
  ELSE
    EXECUTE format('INSERT INTO history (entity, entity_id, entity_code, op, old_values, changed_by)
                    SELECT %L, o.id, o.%I::text, ''delete'', %s, rp_current_user() FROM old_rows o',
                   TG_TABLE_NAME, code_col, rp_history_json(TG_RELID, 'o', hidden));
  END IF;
  GET DIAGNOSTICS nrows = ROW_COUNT;
  IF nrows > 0 THEN
    INSERT INTO data_versions AS d (entity, version) VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT (entity) DO UPDATE SET version = d.version + 1, changed_at = now();
  END IF;
  RETURN NULL;
END $$;

-- Attaches rp_history to a table with a bigint id column (call once per table).
CREATE FUNCTION rp_track_plain(tbl regclass, code_column text, hidden text[] DEFAULT ARRAY[]::text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  args text := array_to_string(ARRAY(SELECT quote_literal(a) FROM unnest(code_column || hidden) a), ', ');
BEGIN
  EXECUTE format('CREATE TRIGGER history_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_history(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER history_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_history(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER history_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_history(%s)', tbl, args);
END $$;

-- Attaches stamps and history to a collection table (called once per table below).
CREATE FUNCTION rp_track(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION rp_stamp()', tbl);
  PERFORM rp_track_plain(tbl, 'code');
END $$;

-- The values a bulk insert gave row `row_id` of `entity`: the old values of the row's first
-- later change if there is one, else the row as it is now (in the per-row insert format).
CREATE FUNCTION rp_history_inserted_values(entity text, row_id bigint, batch_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v jsonb;
BEGIN
  SELECT h.old_values INTO v FROM history h
  WHERE h.entity = rp_history_inserted_values.entity AND h.entity_id = row_id AND h.id > batch_id AND h.op <> 'insert'
  ORDER BY h.id LIMIT 1;
  IF FOUND THEN RETURN v; END IF;
  EXECUTE format('SELECT %s FROM %I r WHERE r.id = $1', rp_history_json(entity::regclass, 'r', '{}'), entity)
  INTO v USING row_id;
  RETURN v;
END $$;

CREATE TABLE admin_units (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  name_en     text,
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
  -- Deferred so that one import may define a unit's parent after the unit itself.
  parent_code text REFERENCES admin_units (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
  CHECK (code <> parent_code)
);
CREATE INDEX admin_units_geom_idx ON admin_units USING gist (geom);
CREATE INDEX admin_units_parent_idx ON admin_units (parent_code);
CREATE INDEX admin_units_level_idx ON admin_units (level);

CREATE TABLE towns (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  name_en     text,
  town_level  text NOT NULL CHECK (town_level IN ('city', 'county_seat', 'township')),
  population  integer CHECK (population >= 0),
  geom        geometry(Point, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL
);
CREATE INDEX towns_geom_idx ON towns USING gist (geom);

CREATE TABLE settlements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  unit_code   text REFERENCES admin_units (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  population  integer CHECK (population >= 0),
  households  integer CHECK (households >= 0),
  geom        geometry(Point, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
  CONSTRAINT settlements_people_ge_households CHECK (population >= households)
);
CREATE INDEX settlements_geom_idx ON settlements USING gist (geom);
CREATE INDEX settlements_unit_idx ON settlements (unit_code);

-- Centralized sites are planned polygons with a capacity; separate sites are one household's
-- point (a self-built house, or a house bought in town).
CREATE TABLE sites (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  site_type   text NOT NULL CHECK (site_type IN ('centralized', 'separate')),
  separate_kind text CHECK (separate_kind IN ('self_built', 'purchased')),
  capacity_households integer CHECK (capacity_households >= 0),
  unit_code   text REFERENCES admin_units (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  geom        geometry(Geometry, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
  CONSTRAINT sites_shape_matches_type CHECK (
    (site_type = 'centralized' AND GeometryType(geom) = 'POLYGON' AND separate_kind IS NULL)
    OR (site_type = 'separate' AND GeometryType(geom) = 'POINT' AND separate_kind IS NOT NULL))
);
CREATE INDEX sites_geom_idx ON sites USING gist (geom);
CREATE INDEX sites_unit_idx ON sites (unit_code);

CREATE TABLE roads (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text,
  road_class  text NOT NULL CHECK (road_class IN ('national', 'provincial', 'county', 'township', 'village', 'other')),
  surface     text CHECK (surface IN ('asphalt', 'cement', 'gravel', 'earth')),
  status      text NOT NULL CHECK (status IN ('planned', 'under_construction', 'completed')),
  planned_on  date, started_on date, completed_on date,
  geom        geometry(LineString, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
  CONSTRAINT roads_dates_in_order CHECK (started_on >= planned_on AND completed_on >= started_on)
);
CREATE INDEX roads_geom_idx ON roads USING gist (geom);
CREATE INDEX roads_status_idx ON roads (status);

CREATE TABLE wells (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text,
  well_type   text NOT NULL CHECK (well_type IN ('electromechanical', 'motor_pumped', 'hand_pumped', 'other')),
  status      text NOT NULL CHECK (status IN ('planned', 'under_construction', 'completed')),
  planned_on  date, started_on date, completed_on date,
  geom        geometry(Point, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
  CONSTRAINT wells_dates_in_order CHECK (started_on >= planned_on AND completed_on >= started_on)
);
CREATE INDEX wells_geom_idx ON wells USING gist (geom);

CREATE TABLE power_lines (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text,
  voltage_kv  numeric(7, 2) NOT NULL CHECK (voltage_kv > 0),
  status      text NOT NULL CHECK (status IN ('planned', 'under_construction', 'completed')),
  planned_on  date, started_on date, completed_on date,
  geom        geometry(LineString, 4326) NOT NULL,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
  CONSTRAINT power_lines_dates_in_order CHECK (started_on >= planned_on AND completed_on >= started_on)
);
CREATE INDEX power_lines_geom_idx ON power_lines USING gist (geom);

SELECT rp_track(t) FROM unnest(ARRAY['admin_units', 'towns', 'settlements', 'sites', 'roads', 'wells', 'power_lines']::regclass[]) AS t;

-- The most detailed administrative unit covering a geometry (used when a site or settlement
-- arrives without unit_code).
CREATE FUNCTION rp_unit_at(g geometry) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT u.code FROM admin_units u
  WHERE ST_Covers(u.geom, ST_PointOnSurface(g))
  ORDER BY array_position(ARRAY['village', 'township', 'county', 'city', 'province'], u.level)
  LIMIT 1
$$;
