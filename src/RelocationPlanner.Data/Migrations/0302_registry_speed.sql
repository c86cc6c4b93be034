-- Registry at scale (issue 5 speed targets: 1M households imported in <= 60 s, county reports in
-- <= 1 s). Same rules as 0300/0301, cheaper to enforce in bulk:
--  * stamps come from column defaults; the row trigger only runs when a writer supplies others;
--  * a milestone statement is checked and projected in ONE set-based pass (existence of the
--    household included, so the per-row foreign-key probe goes; households are never deleted,
--    so nothing can orphan a milestone later);
--  * household_status carries what the reports group by (unit, site, members): a county report
--    is one scan of one table, no 1M x 1M join; it has no foreign key of its own (it is a
--    projection of milestones, written only by their trigger);
--  * disbursement_sums keeps the ledger summed per (unit, site, component, day it counts from),
--    maintained by the ledger's insert trigger, so the subsidy report joins small aggregates.

-- 1. Stamps: defaults give every inserted row the right stamps; the trigger corrects any other.
CREATE OR REPLACE FUNCTION rp_reg_stamps(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ALTER created_at SET DEFAULT now(), ALTER created_by SET DEFAULT rp_current_user(),
    ALTER updated_at SET DEFAULT now(), ALTER updated_by SET DEFAULT rp_current_user(), ALTER version SET DEFAULT 1', tbl);
  EXECUTE format('DROP TRIGGER IF EXISTS stamp ON %s', tbl);
  EXECUTE format('CREATE TRIGGER stamp_insert BEFORE INSERT ON %s FOR EACH ROW
    WHEN (NEW.created_at IS DISTINCT FROM now() OR NEW.updated_at IS DISTINCT FROM now()
       OR NEW.created_by IS DISTINCT FROM rp_current_user() OR NEW.updated_by IS DISTINCT FROM rp_current_user()
       OR NEW.version IS DISTINCT FROM 1)
    EXECUTE FUNCTION rp_stamp()', tbl);
  EXECUTE format('CREATE TRIGGER stamp_update BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION rp_stamp()', tbl);
END $$;

SELECT rp_reg_stamps(t) FROM unnest(ARRAY['households', 'persons', 'subsidy_policies', 'subsidy_components']::regclass[]) AS t;

-- 2. A registry record is never deleted (withdrawal is a milestone), so milestones cannot be
-- orphaned and their insert trigger can check the household's existence set-based.
CREATE FUNCTION rp_households_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'households are never deleted: record a withdrawn milestone instead'
    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'milestones_household_id_fkey';
END $$;
CREATE TRIGGER households_kept BEFORE DELETE OR TRUNCATE ON households
  FOR EACH STATEMENT EXECUTE FUNCTION rp_households_kept();
ALTER TABLE milestones DROP CONSTRAINT milestones_household_id_fkey;

-- 3. The projection carries the reports' grouping keys.
ALTER TABLE household_status DROP CONSTRAINT household_status_household_id_fkey,
  ADD COLUMN unit_code text, ADD COLUMN site_code text, ADD COLUMN members integer;
UPDATE household_status s SET unit_code = h.unit_code, site_code = h.site_code, members = h.members
FROM households h WHERE h.id = s.household_id;
ALTER TABLE household_status ALTER unit_code SET NOT NULL, ALTER members SET NOT NULL;
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
INSERT INTO registration_sums (unit_code, site_code, registered_on, households, people)
SELECT unit_code, site_code, registered_on, count(*), sum(members) FROM household_status
WHERE registered_on IS NOT NULL GROUP BY 1, 2, 3;

-- 4. Milestones: one set-based pass per statement. Per household (in id order within the
-- statement): each event must outrank and not predate the one before it; the first must follow
-- the stored status; the household must exist. Then household_status is upserted from the same
-- aggregate. Dynamic SQL so each statement is planned for its own size (1 row or 3 million).
CREATE OR REPLACE FUNCTION rp_milestones_after_insert() RETURNS trigger LANGUAGE plpgsql
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

  INSERT INTO data_versions AS d (entity, version) VALUES ('milestones', 1)
  ON CONFLICT (entity) DO UPDATE SET version = d.version + 1, changed_at = now();
  RETURN NULL;
END $$;

-- A household's unit, site or size may change (a unit's code is renamed and cascades, a record
-- is corrected): the projection and the ledger sums follow, set-based.
CREATE FUNCTION rp_households_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$
    UPDATE household_status s SET unit_code = n.unit_code, site_code = n.site_code, members = n.members
    FROM new_rows n WHERE s.household_id = n.id
      AND (s.unit_code, s.site_code, s.members) IS DISTINCT FROM (n.unit_code, n.site_code, n.members)
  $q$;
  EXECUTE $q$
    INSERT INTO registration_sums AS t (unit_code, site_code, registered_on, households, people)
    SELECT unit_code, site_code, registered_on, sum(households), sum(people)
    FROM (SELECT o.unit_code, o.site_code, s.registered_on, -1 AS households, -o.members AS people
          FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN household_status s ON s.household_id = o.id
          WHERE s.registered_on IS NOT NULL AND (o.unit_code, o.site_code, o.members) IS DISTINCT FROM (n.unit_code, n.site_code, n.members)
          UNION ALL
          SELECT n.unit_code, n.site_code, s.registered_on, 1, n.members
          FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN household_status s ON s.household_id = o.id
          WHERE s.registered_on IS NOT NULL AND (o.unit_code, o.site_code, o.members) IS DISTINCT FROM (n.unit_code, n.site_code, n.members)) m
    GROUP BY 1, 2, 3
    ON CONFLICT (unit_code, site_code, registered_on) DO UPDATE SET
      households = t.households + EXCLUDED.households, people = t.people + EXCLUDED.people
  $q$;
  EXECUTE $q$
    INSERT INTO disbursement_sums AS t (unit_code, site_code, component_id, counts_from, amount)
    SELECT unit_code, site_code, component_id, counts_from, sum(amount)
    FROM (SELECT x.unit_code, x.site_code, d.component_id, greatest(d.paid_on, s.registered_on) AS counts_from, x.sign * d.amount AS amount
          FROM (SELECT o.id, o.unit_code, o.site_code, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.unit_code, o.site_code) IS DISTINCT FROM (n.unit_code, n.site_code)
                UNION ALL
                SELECT n.id, n.unit_code, n.site_code, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.unit_code, o.site_code) IS DISTINCT FROM (n.unit_code, n.site_code)) x
          JOIN disbursements d ON d.household_id = x.id
          JOIN household_status s ON s.household_id = x.id) m
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (unit_code, site_code, component_id, counts_from) DO UPDATE SET amount = t.amount + EXCLUDED.amount
  $q$;
  RETURN NULL;
END $$;

-- 5. The ledger summed per (unit, site, component, day from which the money counts in an
-- as-of report: the later of the payment and the household's registration).
CREATE TABLE disbursement_sums (
  unit_code    text NOT NULL,
  site_code    text,
  component_id bigint NOT NULL REFERENCES subsidy_components (id),
  counts_from  date NOT NULL,
  amount       numeric(16, 2) NOT NULL,
  CONSTRAINT disbursement_sums_key UNIQUE NULLS NOT DISTINCT (unit_code, site_code, component_id, counts_from)
);

CREATE FUNCTION rp_disbursements_sum() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO disbursement_sums AS t (unit_code, site_code, component_id, counts_from, amount)
  SELECT s.unit_code, s.site_code, n.component_id, greatest(n.paid_on, s.registered_on), sum(n.amount)
  FROM new_rows n JOIN household_status s ON s.household_id = n.household_id
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (unit_code, site_code, component_id, counts_from) DO UPDATE SET amount = t.amount + EXCLUDED.amount;
  RETURN NULL;
END $$;
CREATE TRIGGER disbursements_sum AFTER INSERT ON disbursements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_disbursements_sum();
INSERT INTO disbursement_sums (unit_code, site_code, component_id, counts_from, amount)
SELECT s.unit_code, s.site_code, d.component_id, greatest(d.paid_on, s.registered_on), sum(d.amount)
FROM disbursements d JOIN household_status s ON s.household_id = d.household_id
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER households_after_update AFTER UPDATE ON households
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_households_after_update();
