-- Real-name relocation registry: households, their members and their dated milestones.
-- Milestones are an append-only event table (the database refuses UPDATE/DELETE and any step
-- backwards); household_status is the per-household projection the reports read, kept by a
-- statement-level trigger so bulk imports pay once per statement, not once per row.
-- Sized for the registry's targets (1M households imported in <= 60 s, county reports in <= 1 s): nothing costs
-- an index probe or a trigger call per row. Stamps are column defaults; the references to units,
-- settlements and sites and the milestone order are checked once per statement, set-based, with
-- the SQLSTATEs and constraint names a per-row constraint would raise (the API maps them).
-- The subsidy tables follow in 0301_subsidies.sql, with households_after_update (a household's
-- change of unit, site or size also moves the ledger sums defined there).

-- Stamps + history for a registry table (columns id, created_*, updated_*, version). The table
-- declares its stamps as column defaults, so a plain insert runs no row trigger: stamp_insert
-- fires only when a writer supplies other values, and rp_stamp overwrites them. History is
-- 0001's rp_history, as for every table.
CREATE FUNCTION rp_reg_track(tbl regclass, code_column text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER stamp_insert BEFORE INSERT ON %s FOR EACH ROW
    WHEN (NEW.created_at IS DISTINCT FROM now() OR NEW.updated_at IS DISTINCT FROM now()
       OR NEW.created_by IS DISTINCT FROM rp_current_user() OR NEW.updated_by IS DISTINCT FROM rp_current_user()
       OR NEW.version IS DISTINCT FROM 1)
    EXECUTE FUNCTION rp_stamp()', tbl);
  EXECUTE format('CREATE TRIGGER stamp_update BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION rp_stamp()', tbl);
  PERFORM rp_track_plain(tbl, code_column);
END $$;

-- Append-only tables refuse every change after the fact; corrections are new entries.
CREATE FUNCTION rp_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is refused; record a new entry instead', TG_TABLE_NAME, lower(TG_OP)
    USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_append_only';
END $$;

CREATE TABLE households (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  head_name   text NOT NULL CHECK (length(head_name) BETWEEN 1 AND 200),
  members     integer NOT NULL CONSTRAINT households_members_at_least_one CHECK (members >= 1),
  -- References to admin_units, settlements and sites: checked per statement below, not by
  -- foreign keys.
  unit_code   text NOT NULL,
  origin_settlement_code text,
  site_code   text,
  settlement_type text NOT NULL CHECK (settlement_type IN ('centralized', 'separate_self_built', 'separate_purchased')),
  annual_net_income numeric(14, 2) CHECK (annual_net_income >= 0),
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at  timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version     integer NOT NULL DEFAULT 1,
  -- A centralized household moves to a planned site; a separate one may not have a site row yet.
  CONSTRAINT households_centralized_has_site CHECK (settlement_type <> 'centralized' OR site_code IS NOT NULL)
);
CREATE INDEX households_unit_idx ON households (unit_code);
CREATE INDEX households_site_idx ON households (site_code);

CREATE TABLE persons (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id bigint NOT NULL REFERENCES households (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  id_card      text CHECK (id_card ~ '^[0-9]{17}[0-9X]$'),
  relation     text NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other')),
  created_at   timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at   timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version      integer NOT NULL DEFAULT 1
);
CREATE INDEX persons_household_idx ON persons (household_id);
-- Unique when present: many people have no id-card number on record.
CREATE UNIQUE INDEX persons_id_card_key ON persons (id_card) WHERE id_card IS NOT NULL;

SELECT rp_reg_track('households', 'code');
SELECT rp_reg_track('persons', 'household_id');

-- The references households -> admin_units / settlements / sites behave as foreign keys (ON
-- UPDATE CASCADE, NO ACTION on delete; SQLSTATE 23503 and the names households_*_fkey), but a
-- per-row foreign key costs one index probe and one row lock per household at commit (3.1 s per
-- 200k rows). So: one check per INSERT/UPDATE statement of households that locks each DISTINCT
-- referenced row once (FOR KEY SHARE, as a foreign key does per row) and refuses unknown codes;
-- and triggers on the referenced tables that cascade a code change and refuse deleting or
-- truncating a referenced row.
-- Locks the rows of `tbl` whose code is in `codes` (FOR KEY SHARE, as a foreign key would) and
-- refuses the first code that has none, as the foreign key households_<col>_fkey would.
CREATE FUNCTION rp_households_lock_refs(tbl text, col text, codes text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n_found bigint;
  missing text;
  fkey text := format('households_%s_fkey', col);
BEGIN
  IF cardinality(codes) = 0 THEN RETURN; END IF;
  EXECUTE format('SELECT FROM %I WHERE code = ANY ($1) FOR KEY SHARE', tbl) USING codes;
  GET DIAGNOSTICS n_found = ROW_COUNT;
  IF n_found < cardinality(codes) THEN
    EXECUTE format('SELECT u FROM unnest($1) u WHERE NOT EXISTS (SELECT FROM %I x WHERE x.code = u) LIMIT 1', tbl) INTO missing USING codes;
    RAISE EXCEPTION 'insert or update on table "households" violates foreign key constraint "%"', fkey
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = fkey, TABLE = 'households',
            DETAIL = format('Key (%s)=(%s) is not present in table "%s".', col, missing, tbl);
  END IF;
END $$;

CREATE FUNCTION rp_households_refs_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  want_units text[]; want_settlements text[]; want_sites text[];
BEGIN
  -- One pass over the changed rows: the distinct combinations are few (units x sites).
  WITH combos AS (
    SELECT unit_code, origin_settlement_code, site_code FROM new_rows GROUP BY 1, 2, 3)
  SELECT array_agg(DISTINCT unit_code),
         coalesce(array_agg(DISTINCT origin_settlement_code) FILTER (WHERE origin_settlement_code IS NOT NULL), '{}'),
         coalesce(array_agg(DISTINCT site_code) FILTER (WHERE site_code IS NOT NULL), '{}')
  INTO want_units, want_settlements, want_sites FROM combos;
  IF want_units IS NULL THEN RETURN NULL; END IF; -- no rows
  PERFORM rp_households_lock_refs('admin_units', 'unit_code', want_units);
  PERFORM rp_households_lock_refs('settlements', 'origin_settlement_code', want_settlements);
  PERFORM rp_households_lock_refs('sites', 'site_code', want_sites);
  RETURN NULL;
END $$;

CREATE TRIGGER households_refs_ins AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_households_refs_check();
CREATE TRIGGER households_refs_upd AFTER UPDATE ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_households_refs_check();

-- The referenced side. TG_ARGV[0] = the households column that points at this table.
CREATE FUNCTION rp_households_ref_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('UPDATE households h SET %1$I = n.code
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                  WHERE o.code IS DISTINCT FROM n.code AND h.%1$I = o.code', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE FUNCTION rp_households_ref_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    EXECUTE format('SELECT %I FROM households WHERE %1$I IS NOT NULL LIMIT 1', TG_ARGV[0]) INTO used;
  ELSE
    EXECUTE format('SELECT o.code FROM old_rows o WHERE EXISTS (SELECT FROM households h WHERE h.%I = o.code) LIMIT 1', TG_ARGV[0]) INTO used;
  END IF;
  IF used IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "households_%_fkey" on table "households"', TG_TABLE_NAME, TG_ARGV[0]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = format('households_%s_fkey', TG_ARGV[0]), TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (code)=(%s) is still referenced from table "households".', used);
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES ('admin_units', 'unit_code'), ('settlements', 'origin_settlement_code'), ('sites', 'site_code')) v (tbl, col) LOOP
    EXECUTE format('CREATE TRIGGER households_ref_cascade AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION rp_households_ref_cascade(%L)', r.tbl, r.col);
    EXECUTE format('CREATE TRIGGER households_ref_guard AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION rp_households_ref_guard(%L)', r.tbl, r.col);
    EXECUTE format('CREATE TRIGGER households_ref_truncate BEFORE TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION rp_households_ref_guard(%L)', r.tbl, r.col);
  END LOOP;
END $$;

-- A registry record is never deleted (withdrawal is a milestone), so nothing can orphan a
-- milestone: milestones need no per-row foreign key (their insert trigger checks the household
-- exists, set-based, and refuses with the foreign key's name).
CREATE FUNCTION rp_households_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'households are never deleted: record a withdrawn milestone instead'
    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'milestones_household_id_fkey';
END $$;
CREATE TRIGGER households_kept BEFORE DELETE OR TRUNCATE ON households
  FOR EACH STATEMENT EXECUTE FUNCTION rp_households_kept();

-- Order of the milestones; withdrawn ends a record at any point.
CREATE FUNCTION rp_milestone_rank(m text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_position(ARRAY['registered', 'house_commenced', 'house_capped', 'house_completed', 'keys_claimed', 'moved_in', 'withdrawn'], m)
$$;

CREATE TABLE milestones (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id bigint NOT NULL, -- exists: checked by milestones_after_insert
  milestone    text NOT NULL CHECK (rp_milestone_rank(milestone) IS NOT NULL),
  on_date      date NOT NULL,
  recorded_by  text NOT NULL DEFAULT rp_current_user(),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  -- Each milestone happens once in a household's life.
  CONSTRAINT milestones_once UNIQUE (household_id, milestone)
);

-- The projection: one row per household with a milestone, written only by the milestone trigger
-- (so it needs no foreign key of its own) and by households_after_update (0301). It carries what
-- the reports group by (unit, site, members): a county report is one scan of one table, no
-- 1M x 1M join.
CREATE TABLE household_status (
  household_id       bigint PRIMARY KEY,
  status             text NOT NULL,
  registered_on      date,
  house_commenced_on date,
  house_capped_on    date,
  house_completed_on date,
  keys_claimed_on    date,
  moved_in_on        date,
  withdrawn_on       date,
  unit_code          text NOT NULL,
  site_code          text,
  members            integer NOT NULL
);
CREATE INDEX household_status_status_idx ON household_status (status);
CREATE INDEX household_status_unit_idx ON household_status (unit_code);

-- Households and people per (unit, site, registration day): the subsidy report's entitlement
-- side (as of a day = registered by then), kept by the milestone trigger.
CREATE TABLE registration_sums (
  unit_code     text NOT NULL,
  site_code     text,
  registered_on date NOT NULL,
  households    bigint NOT NULL,
  people        bigint NOT NULL,
  CONSTRAINT registration_sums_key UNIQUE NULLS NOT DISTINCT (unit_code, site_code, registered_on)
);

-- Forward-only, checked and projected in ONE set-based pass per statement (a million-row import
-- is a few scans, not millions of index probes). Per household (in id order within the
-- statement): each event must outrank and not predate the one before it; the first must follow
-- the stored status; the household must exist. Then household_status and registration_sums are
-- upserted from the same aggregate. Dynamic SQL so each statement is planned for its own size
-- (1 row or 3 million).
CREATE FUNCTION rp_milestones_after_insert() RETURNS trigger LANGUAGE plpgsql
SET work_mem = '256MB' AS $$
DECLARE bad record; found_bad integer;
BEGIN
  EXECUTE $q$
    WITH ev AS (
      SELECT n.household_id, n.milestone, n.on_date, rp_milestone_rank(n.milestone) AS r,
             lag(n.milestone) OVER w AS prev_m, lag(n.on_date) OVER w AS prev_on
      FROM new_rows n WINDOW w AS (PARTITION BY n.household_id ORDER BY n.id)),
    agg AS MATERIALIZED (
      SELECT household_id, min(r) AS first_r, min(on_date) AS first_on, max(r) AS top,
             (array_agg(ARRAY[milestone, on_date::text, prev_m, prev_on::text])
                FILTER (WHERE r <= rp_milestone_rank(prev_m) OR on_date < prev_on))[1] AS bad_within,
             max(on_date) FILTER (WHERE milestone = 'registered') AS registered_on,
             max(on_date) FILTER (WHERE milestone = 'house_commenced') AS house_commenced_on,
             max(on_date) FILTER (WHERE milestone = 'house_capped') AS house_capped_on,
             max(on_date) FILTER (WHERE milestone = 'house_completed') AS house_completed_on,
             max(on_date) FILTER (WHERE milestone = 'keys_claimed') AS keys_claimed_on,
             max(on_date) FILTER (WHERE milestone = 'moved_in') AS moved_in_on,
             max(on_date) FILTER (WHERE milestone = 'withdrawn') AS withdrawn_on
      FROM ev GROUP BY household_id),
    cur AS MATERIALIZED (
      SELECT a.*, h.id IS NULL AS missing, h.code, h.unit_code, h.site_code, h.members, s.status AS old_status,
             greatest(s.registered_on, s.house_commenced_on, s.house_capped_on, s.house_completed_on,
                      s.keys_claimed_on, s.moved_in_on, s.withdrawn_on) AS old_on
      FROM agg a LEFT JOIN households h ON h.id = a.household_id
      LEFT JOIN household_status s ON s.household_id = a.household_id),
    ins AS (
      INSERT INTO household_status AS s (household_id, status, registered_on, house_commenced_on, house_capped_on,
                                         house_completed_on, keys_claimed_on, moved_in_on, withdrawn_on, unit_code, site_code, members)
      SELECT household_id,
             (ARRAY['registered', 'house_commenced', 'house_capped', 'house_completed', 'keys_claimed', 'moved_in', 'withdrawn'])[top],
             registered_on, house_commenced_on, house_capped_on, house_completed_on, keys_claimed_on, moved_in_on, withdrawn_on,
             unit_code, site_code, members
      FROM cur WHERE NOT missing
      ON CONFLICT (household_id) DO UPDATE SET
        status = CASE WHEN rp_milestone_rank(EXCLUDED.status) > rp_milestone_rank(s.status) THEN EXCLUDED.status ELSE s.status END,
        registered_on = coalesce(EXCLUDED.registered_on, s.registered_on),
        house_commenced_on = coalesce(EXCLUDED.house_commenced_on, s.house_commenced_on),
        house_capped_on = coalesce(EXCLUDED.house_capped_on, s.house_capped_on),
        house_completed_on = coalesce(EXCLUDED.house_completed_on, s.house_completed_on),
        keys_claimed_on = coalesce(EXCLUDED.keys_claimed_on, s.keys_claimed_on),
        moved_in_on = coalesce(EXCLUDED.moved_in_on, s.moved_in_on),
        withdrawn_on = coalesce(EXCLUDED.withdrawn_on, s.withdrawn_on)),
    reg AS (
      -- 'registered' can only be a household's first event (anything else is refused above).
      INSERT INTO registration_sums AS t (unit_code, site_code, registered_on, households, people)
      SELECT unit_code, site_code, registered_on, count(*), sum(members) FROM cur
      WHERE NOT missing AND registered_on IS NOT NULL GROUP BY 1, 2, 3
      ON CONFLICT (unit_code, site_code, registered_on) DO UPDATE SET
        households = t.households + EXCLUDED.households, people = t.people + EXCLUDED.people)
    SELECT household_id, missing, code, bad_within, first_r, first_on, old_status, old_on FROM cur
    WHERE missing OR bad_within IS NOT NULL OR first_r <= rp_milestone_rank(old_status) OR first_on < old_on
    LIMIT 1
  $q$ INTO bad;
  GET DIAGNOSTICS found_bad = ROW_COUNT;
  IF found_bad = 0 THEN
    NULL;
  ELSIF bad.missing THEN
    RAISE EXCEPTION 'insert or update on table "milestones" violates foreign key constraint "milestones_household_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'milestones_household_id_fkey',
            DETAIL = format('Key (household_id)=(%s) is not present in table "households".', bad.household_id);
  ELSIF bad.bad_within IS NOT NULL THEN
    RAISE EXCEPTION 'household %: % on % cannot follow % on %', bad.code, bad.bad_within[1], bad.bad_within[2], bad.bad_within[3], bad.bad_within[4]
      USING ERRCODE = 'check_violation', CONSTRAINT = 'milestones_forward_only', COLUMN = 'milestone';
  ELSE
    RAISE EXCEPTION 'household %: % on % cannot follow % on %', bad.code,
      (ARRAY['registered', 'house_commenced', 'house_capped', 'house_completed', 'keys_claimed', 'moved_in', 'withdrawn'])[bad.first_r],
      bad.first_on, bad.old_status, bad.old_on
      USING ERRCODE = 'check_violation', CONSTRAINT = 'milestones_forward_only', COLUMN = 'milestone';
  END IF;
  -- The data version of milestones is bumped by their history trigger (below).
  RETURN NULL;
END $$;

CREATE TRIGGER milestones_after_insert AFTER INSERT ON milestones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_milestones_after_insert();
CREATE TRIGGER milestones_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON milestones
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
-- The projection follows the events only (no hand edits): its writers are the triggers.
CREATE TRIGGER household_status_append_only BEFORE DELETE OR TRUNCATE ON household_status
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
-- The audit trail (and data version): milestones only ever change by insert.
CREATE TRIGGER history_ins AFTER INSERT ON milestones REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('household_id');
