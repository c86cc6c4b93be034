-- Real-name relocation registry: households, their members and their dated milestones.
-- Milestones are an append-only event table (the database refuses UPDATE/DELETE and any step
-- backwards); household_status is the per-household projection the reports read, kept by a
-- statement-level trigger so bulk imports pay once per statement, not once per row.

-- Stamps + history for a registry table (columns id, created_*, updated_*, version). History is
-- the users migration's rp_history_plain: registry rows carry no geometry.
CREATE FUNCTION rp_reg_track(tbl regclass, code_column text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION rp_stamp()', tbl);
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
  unit_code   text NOT NULL REFERENCES admin_units (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  origin_settlement_code text REFERENCES settlements (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  site_code   text REFERENCES sites (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  settlement_type text NOT NULL CHECK (settlement_type IN ('centralized', 'separate_self_built', 'separate_purchased')),
  annual_net_income numeric(14, 2) CHECK (annual_net_income >= 0),
  reason      text,
  created_at  timestamptz NOT NULL, created_by text NOT NULL,
  updated_at  timestamptz NOT NULL, updated_by text NOT NULL,
  version     integer NOT NULL,
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
  created_at   timestamptz NOT NULL, created_by text NOT NULL,
  updated_at   timestamptz NOT NULL, updated_by text NOT NULL,
  version      integer NOT NULL
);
CREATE INDEX persons_household_idx ON persons (household_id);
-- Unique when present: many people have no id-card number on record.
CREATE UNIQUE INDEX persons_id_card_key ON persons (id_card) WHERE id_card IS NOT NULL;

SELECT rp_reg_track('households', 'code');
SELECT rp_reg_track('persons', 'household_id');

-- Order of the milestones; withdrawn ends a record at any point.
CREATE FUNCTION rp_milestone_rank(m text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_position(ARRAY['registered', 'house_commenced', 'house_capped', 'house_completed', 'keys_claimed', 'moved_in', 'withdrawn'], m)
$$;

CREATE TABLE milestones (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id bigint NOT NULL REFERENCES households (id),
  milestone    text NOT NULL CHECK (rp_milestone_rank(milestone) IS NOT NULL),
  on_date      date NOT NULL,
  recorded_by  text NOT NULL DEFAULT rp_current_user(),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  -- Each milestone happens once in a household's life.
  CONSTRAINT milestones_once UNIQUE (household_id, milestone)
);

CREATE TABLE household_status (
  household_id       bigint PRIMARY KEY REFERENCES households (id),
  status             text NOT NULL,
  registered_on      date,
  house_commenced_on date,
  house_capped_on    date,
  house_completed_on date,
  keys_claimed_on    date,
  moved_in_on        date,
  withdrawn_on       date
);
CREATE INDEX household_status_status_idx ON household_status (status);

-- Forward-only, checked per statement and set-based (a million-row import is two scans, not
-- millions of index probes): within the statement, each event must outrank and not predate the
-- one recorded before it; against stored events, the household's status row holds the highest
-- rank and the latest date so far.
CREATE FUNCTION rp_milestones_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
  SELECT h.code, b.milestone, b.on_date, b.earlier, b.earlier_on INTO bad
  FROM (
    SELECT n.household_id, n.milestone, n.on_date,
           lag(n.milestone) OVER w AS earlier, lag(n.on_date) OVER w AS earlier_on
    FROM new_rows n WINDOW w AS (PARTITION BY n.household_id ORDER BY n.id)) b
  JOIN households h ON h.id = b.household_id
  WHERE rp_milestone_rank(b.milestone) <= rp_milestone_rank(b.earlier) OR b.on_date < b.earlier_on
  LIMIT 1;
  IF NOT FOUND THEN
    SELECT h.code, n.milestone, n.on_date, s.status AS earlier,
           greatest(s.registered_on, s.house_commenced_on, s.house_capped_on, s.house_completed_on, s.keys_claimed_on, s.moved_in_on, s.withdrawn_on) AS earlier_on
    INTO bad
    FROM new_rows n
    JOIN household_status s ON s.household_id = n.household_id
    JOIN households h ON h.id = n.household_id
    WHERE rp_milestone_rank(n.milestone) <= rp_milestone_rank(s.status)
       OR n.on_date < greatest(s.registered_on, s.house_commenced_on, s.house_capped_on, s.house_completed_on, s.keys_claimed_on, s.moved_in_on, s.withdrawn_on)
    LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'household %: % on % cannot follow % on %', bad.code, bad.milestone, bad.on_date, bad.earlier, bad.earlier_on
      USING ERRCODE = 'check_violation', CONSTRAINT = 'milestones_forward_only', COLUMN = 'milestone';
  END IF;

  INSERT INTO household_status AS s (household_id, status, registered_on, house_commenced_on, house_capped_on,
                                     house_completed_on, keys_claimed_on, moved_in_on, withdrawn_on)
  SELECT household_id,
         (ARRAY['registered', 'house_commenced', 'house_capped', 'house_completed', 'keys_claimed', 'moved_in', 'withdrawn'])[max(rp_milestone_rank(milestone))],
         max(on_date) FILTER (WHERE milestone = 'registered'),
         max(on_date) FILTER (WHERE milestone = 'house_commenced'),
         max(on_date) FILTER (WHERE milestone = 'house_capped'),
         max(on_date) FILTER (WHERE milestone = 'house_completed'),
         max(on_date) FILTER (WHERE milestone = 'keys_claimed'),
         max(on_date) FILTER (WHERE milestone = 'moved_in'),
         max(on_date) FILTER (WHERE milestone = 'withdrawn')
  FROM new_rows GROUP BY household_id
  ON CONFLICT (household_id) DO UPDATE SET
    status = CASE WHEN rp_milestone_rank(EXCLUDED.status) > rp_milestone_rank(s.status) THEN EXCLUDED.status ELSE s.status END,
    registered_on = coalesce(EXCLUDED.registered_on, s.registered_on),
    house_commenced_on = coalesce(EXCLUDED.house_commenced_on, s.house_commenced_on),
    house_capped_on = coalesce(EXCLUDED.house_capped_on, s.house_capped_on),
    house_completed_on = coalesce(EXCLUDED.house_completed_on, s.house_completed_on),
    keys_claimed_on = coalesce(EXCLUDED.keys_claimed_on, s.keys_claimed_on),
    moved_in_on = coalesce(EXCLUDED.moved_in_on, s.moved_in_on),
    withdrawn_on = coalesce(EXCLUDED.withdrawn_on, s.withdrawn_on);

  INSERT INTO data_versions AS d (entity, version) VALUES ('milestones', 1)
  ON CONFLICT (entity) DO UPDATE SET version = d.version + 1, changed_at = now();
  RETURN NULL;
END $$;

CREATE TRIGGER milestones_after_insert AFTER INSERT ON milestones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_milestones_after_insert();
CREATE TRIGGER milestones_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON milestones
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
-- The projection follows the events only (no hand edits): the trigger above is its one writer.
CREATE TRIGGER household_status_append_only BEFORE DELETE OR TRUNCATE ON household_status
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
