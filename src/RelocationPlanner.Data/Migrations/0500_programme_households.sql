-- The programme after the keys, for households: the facts the national plan checks (house area,
-- the household's own payment, members able to work, the old house), dated employment per member,
-- compliance policies as data, and what the compliance report reads.
-- The report counts as of any day, so nothing is a stored answer: household_compliance holds, per
-- registered household, its policy's verdicts that do not depend on the day (area and self-paid
-- over the limit, exemption) and the days that matter (registered, moved in, withdrawn, demolition
-- due, demolished, the spans with enough open employment); compliance_sums turns each of those
-- into +1 on the day a span starts and -1 on the day it ends, summed per unit and day, so a report
-- is one pass over a few hundred thousand small rows (sum of the days up to as_of), not over the
-- registry. Both are kept by statement-level triggers (one set-based pass per statement: an import
-- of a million households pays once) through rp_compliance_refresh.

ALTER TABLE households
  ADD COLUMN house_area_m2 numeric(7, 2) CONSTRAINT households_house_area_range CHECK (house_area_m2 > 0 AND house_area_m2 <= 1000),
  ADD COLUMN self_paid numeric(14, 2) CONSTRAINT households_self_paid_non_negative CHECK (self_paid >= 0),
  ADD COLUMN labour_members integer CONSTRAINT households_labour_members_range CHECK (labour_members >= 0 AND labour_members <= members),
  ADD COLUMN old_house_demolished_on date,
  ADD COLUMN homestead_reclaimed_on date,
  ADD COLUMN old_house_exempt_reason text CONSTRAINT households_exempt_reason_length CHECK (length(old_house_exempt_reason) BETWEEN 1 AND 200),
  -- An exempt old house (a protected traditional village, a house shared with people who stay) is not pulled down.
  ADD CONSTRAINT households_exempt_or_demolished CHECK (old_house_exempt_reason IS NULL OR (old_house_demolished_on IS NULL AND homestead_reclaimed_on IS NULL)),
  -- The homestead is reclaimed once the house is gone.
  ADD CONSTRAINT households_reclaimed_after_demolition CHECK (homestead_reclaimed_on IS NULL OR homestead_reclaimed_on >= old_house_demolished_on);

-- Work of one member of a household, dated (ended_on empty: still working). member is the member's
-- number in the household (1 = the head); person_id when the member was named by a registered person.
CREATE TABLE employment (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id bigint NOT NULL, -- exists: checked per statement by employment_household_check
  member       integer NOT NULL CONSTRAINT employment_member_positive CHECK (member >= 1),
  person_id    bigint REFERENCES persons (id),
  kind         text NOT NULL CHECK (kind IN ('local_enterprise', 'public_welfare_post', 'migrant_work', 'self_employed', 'cooperative', 'other')),
  employer     text CHECK (length(employer) BETWEEN 1 AND 200),
  started_on   date NOT NULL,
  ended_on     date,
  created_at   timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at   timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version      integer NOT NULL DEFAULT 1,
  CONSTRAINT employment_dates_in_order CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX employment_household_idx ON employment (household_id);
SELECT rp_reg_track('employment', 'household_id');

-- Households are never deleted, so one set-based check per statement stands in for a per-row foreign key.
CREATE FUNCTION rp_employment_household_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE missing bigint;
BEGIN
  SELECT n.household_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT FROM households h WHERE h.id = n.household_id) LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "employment" violates foreign key constraint "employment_household_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'employment_household_id_fkey',
            DETAIL = format('Key (household_id)=(%s) is not present in table "households".', missing);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER employment_household_check AFTER INSERT ON employment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_employment_household_check();
CREATE TRIGGER employment_household_check_upd AFTER UPDATE ON employment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_employment_household_check();

-- The national plan's rules as data, valid for a region (and everything below it) and a period;
-- a household follows the policy of the nearest ancestor unit valid on its registration date.
CREATE TABLE compliance_policies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  region_code text NOT NULL REFERENCES admin_units (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  valid_from  date NOT NULL,
  valid_to    date,
  max_area_m2_per_person numeric(7, 2) NOT NULL CHECK (max_area_m2_per_person > 0),
  max_self_paid_per_person numeric(14, 2) NOT NULL CHECK (max_self_paid_per_person >= 0),
  max_self_paid_per_household numeric(14, 2) NOT NULL CHECK (max_self_paid_per_household >= 0),
  demolish_within_days integer NOT NULL CHECK (demolish_within_days >= 0),
  min_employed_per_labour_household integer NOT NULL CHECK (min_employed_per_labour_household >= 1),
  created_at  timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at  timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version     integer NOT NULL DEFAULT 1,
  CONSTRAINT compliance_policies_dates_in_order CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CONSTRAINT compliance_policies_no_overlap EXCLUDE USING gist (region_code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
SELECT rp_reg_track('compliance_policies', 'code');

-- The compliance policy of the nearest ancestor unit (or the unit itself) valid on the day.
CREATE FUNCTION rp_compliance_policy_for(unit text, on_day date) RETURNS bigint LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up (code, parent_code, depth) AS (
    SELECT code, parent_code, 0 FROM admin_units WHERE code = unit
    UNION ALL
    SELECT a.code, a.parent_code, up.depth + 1 FROM up JOIN admin_units a ON a.code = up.parent_code WHERE up.depth < 16)
  SELECT p.id FROM up
  JOIN compliance_policies p ON p.region_code = up.code AND on_day >= p.valid_from AND (p.valid_to IS NULL OR on_day <= p.valid_to)
  ORDER BY up.depth LIMIT 1
$$;

-- One row per registered household. The verdicts are those of its policy (false when none covers
-- it); due_on = moved in + the policy's days, for covered households that are not exempt;
-- employed = the days on which at least the policy's minimum of employment records were open.
CREATE TABLE household_compliance (
  household_id  bigint PRIMARY KEY,
  code          text NOT NULL,
  unit_code     text NOT NULL,
  members       integer NOT NULL,
  policy_id     bigint,
  registered_on date NOT NULL,
  withdrawn_on  date,
  moved_in_on   date,
  house_area_m2 numeric(7, 2),
  area_over     boolean NOT NULL,
  self_paid_over boolean NOT NULL,
  exempt        boolean NOT NULL,
  labour        boolean NOT NULL,
  due_on        date,
  demolished_on date,
  employed      datemultirange NOT NULL
);
-- The flagged-household lists page by code (keyset) through the candidates of each rule, per
-- unit: a unit's page never steps over other units' households.
CREATE INDEX household_compliance_area_idx ON household_compliance (unit_code, code) WHERE area_over;
CREATE INDEX household_compliance_self_paid_idx ON household_compliance (unit_code, code) WHERE self_paid_over;
CREATE INDEX household_compliance_due_idx ON household_compliance (unit_code, code) WHERE due_on IS NOT NULL;
CREATE INDEX household_compliance_labour_idx ON household_compliance (unit_code, code) WHERE labour AND moved_in_on IS NOT NULL;

-- Per unit and day: how each count changes on that day (spans opening +1, closing -1; the area
-- and its members likewise). A count as of D is the sum over the unit's days up to D.
CREATE TABLE compliance_sums (
  unit_code            text NOT NULL,
  on_date              date NOT NULL,
  households           bigint NOT NULL,
  covered              bigint NOT NULL,
  moved_in             bigint NOT NULL,
  covered_moved_in     bigint NOT NULL,
  area_over_limit      bigint NOT NULL,
  self_paid_over_limit bigint NOT NULL,
  demolition_due       bigint NOT NULL,
  demolished           bigint NOT NULL,
  demolition_overdue   bigint NOT NULL,
  exempt               bigint NOT NULL,
  moved_in_demolished  bigint NOT NULL,
  moved_in_exempt      bigint NOT NULL,
  labour_households    bigint NOT NULL,
  employed_households  bigint NOT NULL,
  area_m2              numeric NOT NULL,
  area_members         bigint NOT NULL,
  PRIMARY KEY (unit_code, on_date)
);

-- Recomputes the projection rows of the given households and moves compliance_sums by the
-- difference (new spans minus old). Refreshes of one unit are serialised (a transaction-level
-- advisory lock per unit, taken in code order before reading), so two transactions never both
-- subtract the same old row; the statement then runs on a snapshot taken after the lock.
-- Dynamic SQL, so each call is planned for its own size (1 household or a million). The row
-- counts of the CTEs are guesses to the planner; for a bulk refresh a guess of 1 makes a nested
-- loop between two CTE scans, quadratic (15 s for 7,000 households), so bulk refreshes run with
-- nested loops off (hash joins), while a few households keep their index look-ups.
CREATE FUNCTION rp_compliance_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql
SET work_mem = '256MB' AS $$
DECLARE
  u text;
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  FOR u IN
    SELECT h.unit_code FROM households h JOIN unnest(ids) k (id) ON h.id = k.id
    UNION SELECT c.unit_code FROM household_compliance c JOIN unnest(ids) k (id) ON c.household_id = k.id
    ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('rp_compliance:' || u, 0));
  END LOOP;
  IF cardinality(ids) > 200 THEN PERFORM set_config('enable_nestloop', 'off', true); END IF;
  EXECUTE $q$
    WITH k AS MATERIALIZED (SELECT DISTINCT id FROM unnest($1::bigint[]) AS u (id)),
    base AS MATERIALIZED (
      SELECT h.id, h.code, h.unit_code, h.members, s.registered_on, s.withdrawn_on, s.moved_in_on, h.house_area_m2, h.self_paid,
             h.labour_members, h.old_house_demolished_on, h.old_house_exempt_reason
      FROM k JOIN households h ON h.id = k.id JOIN household_status s ON s.household_id = h.id
      WHERE s.registered_on IS NOT NULL),
    pol AS MATERIALIZED (
      SELECT d.unit_code, d.registered_on, p.id, p.max_area_m2_per_person, p.max_self_paid_per_person, p.max_self_paid_per_household,
             p.demolish_within_days, p.min_employed_per_labour_household
      FROM (SELECT DISTINCT unit_code, registered_on FROM base) d
      LEFT JOIN compliance_policies p ON p.id = rp_compliance_policy_for(d.unit_code, d.registered_on)),
    cov AS MATERIALIZED (
      SELECT b.*, p.id AS policy_id, p.max_area_m2_per_person, p.max_self_paid_per_person, p.max_self_paid_per_household,
             p.demolish_within_days, p.min_employed_per_labour_household
      FROM base b JOIN pol p ON p.unit_code = b.unit_code AND p.registered_on = b.registered_on),
    -- Open employment records per household and day: +1 from started_on, -1 from ended_on.
    ev AS (
      SELECT e.household_id, v.d, sum(v.delta) AS delta
      FROM employment e JOIN cov c ON c.id = e.household_id AND c.policy_id IS NOT NULL
      CROSS JOIN LATERAL (VALUES (e.started_on, 1), (e.ended_on, -1)) AS v (d, delta)
      WHERE v.d IS NOT NULL
      GROUP BY 1, 2),
    run AS (
      SELECT household_id, d, sum(delta) OVER w AS open, lead(d) OVER w AS next_d
      FROM ev WINDOW w AS (PARTITION BY household_id ORDER BY d)),
    emp AS MATERIALIZED (
      SELECT r.household_id, range_agg(daterange(r.d, r.next_d)) AS employed
      FROM run r JOIN cov c ON c.id = r.household_id
      WHERE r.open >= c.min_employed_per_labour_household
      GROUP BY r.household_id),
    fresh AS MATERIALIZED (
      SELECT c.id AS household_id, c.code, c.unit_code, c.members, c.policy_id, c.registered_on, c.withdrawn_on, c.moved_in_on, c.house_area_m2,
             coalesce(c.policy_id IS NOT NULL AND c.house_area_m2 / c.members > c.max_area_m2_per_person, false) AS area_over,
             coalesce(c.policy_id IS NOT NULL AND c.self_paid > least(c.max_self_paid_per_person * c.members, c.max_self_paid_per_household), false) AS self_paid_over,
             c.policy_id IS NOT NULL AND c.old_house_exempt_reason IS NOT NULL AS exempt,
             c.policy_id IS NOT NULL AND coalesce(c.labour_members, 0) >= 1 AS labour,
             CASE WHEN c.policy_id IS NOT NULL AND c.old_house_exempt_reason IS NULL THEN c.moved_in_on + c.demolish_within_days END AS due_on,
             CASE WHEN c.policy_id IS NOT NULL THEN c.old_house_demolished_on END AS demolished_on,
             coalesce(e.employed, '{}'::datemultirange) AS employed
      FROM cov c LEFT JOIN emp e ON e.household_id = c.id),
    old AS MATERIALIZED (
      SELECT o.* FROM household_compliance o JOIN k ON o.household_id = k.id),
    both_rows AS (
      SELECT 1 AS sign, f.unit_code, f.members, f.policy_id IS NOT NULL AS cov, f.registered_on, f.withdrawn_on, f.moved_in_on, f.house_area_m2,
             f.area_over, f.self_paid_over, f.exempt, f.labour, f.due_on, f.demolished_on, f.employed FROM fresh f
      UNION ALL
      SELECT -1, o.unit_code, o.members, o.policy_id IS NOT NULL, o.registered_on, o.withdrawn_on, o.moved_in_on, o.house_area_m2,
             o.area_over, o.self_paid_over, o.exempt, o.labour, o.due_on, o.demolished_on, o.employed FROM old o),
    -- Each span a count is true on, clipped to the days the household is counted at all
    -- [registered_on, withdrawn_on); an empty start is no span, an empty end is open (greatest
    -- and least skip NULLs).
    spans AS (
      SELECT b.unit_code, b.sign, CASE WHEN v.s IS NOT NULL THEN greatest(v.s, b.registered_on) END AS s, least(v.e, b.withdrawn_on) AS e,
             v.households, v.covered, v.moved_in, v.covered_moved_in, v.area_over, v.self_paid_over, v.due, v.demolished, v.overdue,
             v.exempt, v.moved_in_demolished, v.moved_in_exempt, v.labour, v.employed, v.area, v.area_members
      FROM both_rows b CROSS JOIN LATERAL (VALUES
        (b.registered_on, NULL::date, 1, b.cov::int, 0, 0, b.area_over::int, b.self_paid_over::int, 0, 0, 0, b.exempt::int, 0, 0, 0, 0,
         CASE WHEN b.cov AND b.house_area_m2 IS NOT NULL THEN b.house_area_m2 ELSE 0 END,
         CASE WHEN b.cov AND b.house_area_m2 IS NOT NULL THEN b.members ELSE 0 END),
        (b.moved_in_on, NULL, 0, 0, 1, b.cov::int, 0, 0, 0, 0, 0, 0, 0, (b.cov AND b.exempt)::int, b.labour::int, 0, 0, 0),
        (b.due_on, NULL, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        (b.demolished_on, NULL, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
        (b.due_on, b.demolished_on, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
        (CASE WHEN b.moved_in_on IS NOT NULL AND b.demolished_on IS NOT NULL THEN greatest(b.moved_in_on, b.demolished_on) END,
         NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0))
        AS v (s, e, households, covered, moved_in, covered_moved_in, area_over, self_paid_over, due, demolished, overdue,
              exempt, moved_in_demolished, moved_in_exempt, labour, employed, area, area_members)
      UNION ALL
      -- Employed: a labour household's spans with enough open records, from the day it moved in.
      SELECT b.unit_code, b.sign, greatest(lower(r), b.moved_in_on, b.registered_on), least(upper(r), b.withdrawn_on),
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0
      FROM both_rows b CROSS JOIN LATERAL unnest(b.employed) AS r
      WHERE b.labour AND b.moved_in_on IS NOT NULL),
    kept AS (SELECT * FROM spans WHERE s IS NOT NULL AND (e IS NULL OR e > s)),
    deltas AS (
      SELECT unit_code, d, sum(sg * households) AS households, sum(sg * covered) AS covered, sum(sg * moved_in) AS moved_in,
             sum(sg * covered_moved_in) AS covered_moved_in, sum(sg * area_over) AS area_over, sum(sg * self_paid_over) AS self_paid_over,
             sum(sg * due) AS due, sum(sg * demolished) AS demolished, sum(sg * overdue) AS overdue, sum(sg * exempt) AS exempt,
             sum(sg * moved_in_demolished) AS moved_in_demolished, sum(sg * moved_in_exempt) AS moved_in_exempt,
             sum(sg * labour) AS labour, sum(sg * employed) AS employed, sum(sg * area) AS area, sum(sg * area_members) AS area_members
      FROM (SELECT unit_code, s AS d, sign AS sg, households, covered, moved_in, covered_moved_in, area_over, self_paid_over, due, demolished, overdue, exempt, moved_in_demolished, moved_in_exempt, labour, employed, area, area_members FROM kept
            UNION ALL
            SELECT unit_code, e, -sign, households, covered, moved_in, covered_moved_in, area_over, self_paid_over, due, demolished, overdue, exempt, moved_in_demolished, moved_in_exempt, labour, employed, area, area_members FROM kept WHERE e IS NOT NULL) x
      GROUP BY unit_code, d),
    sums AS (
      INSERT INTO compliance_sums AS t (unit_code, on_date, households, covered, moved_in, covered_moved_in, area_over_limit, self_paid_over_limit,
                                        demolition_due, demolished, demolition_overdue, exempt, moved_in_demolished, moved_in_exempt,
                                        labour_households, employed_households, area_m2, area_members)
      SELECT unit_code, d, households, covered, moved_in, covered_moved_in, area_over, self_paid_over, due, demolished, overdue, exempt,
             moved_in_demolished, moved_in_exempt, labour, employed, area, area_members
      FROM deltas
      WHERE households <> 0 OR covered <> 0 OR moved_in <> 0 OR covered_moved_in <> 0 OR area_over <> 0 OR self_paid_over <> 0 OR due <> 0
         OR demolished <> 0 OR overdue <> 0 OR exempt <> 0 OR moved_in_demolished <> 0 OR moved_in_exempt <> 0 OR labour <> 0
         OR employed <> 0 OR area <> 0 OR area_members <> 0
      ON CONFLICT (unit_code, on_date) DO UPDATE SET
        households = t.households + EXCLUDED.households, covered = t.covered + EXCLUDED.covered, moved_in = t.moved_in + EXCLUDED.moved_in,
        covered_moved_in = t.covered_moved_in + EXCLUDED.covered_moved_in, area_over_limit = t.area_over_limit + EXCLUDED.area_over_limit,
        self_paid_over_limit = t.self_paid_over_limit + EXCLUDED.self_paid_over_limit, demolition_due = t.demolition_due + EXCLUDED.demolition_due,
        demolished = t.demolished + EXCLUDED.demolished, demolition_overdue = t.demolition_overdue + EXCLUDED.demolition_overdue,
        exempt = t.exempt + EXCLUDED.exempt, moved_in_demolished = t.moved_in_demolished + EXCLUDED.moved_in_demolished,
        moved_in_exempt = t.moved_in_exempt + EXCLUDED.moved_in_exempt, labour_households = t.labour_households + EXCLUDED.labour_households,
        employed_households = t.employed_households + EXCLUDED.employed_households, area_m2 = t.area_m2 + EXCLUDED.area_m2,
        area_members = t.area_members + EXCLUDED.area_members),
    gone AS (
      DELETE FROM household_compliance o USING k
      WHERE o.household_id = k.id AND NOT EXISTS (SELECT FROM fresh f WHERE f.household_id = o.household_id))
    INSERT INTO household_compliance AS c (household_id, code, unit_code, members, policy_id, registered_on, withdrawn_on, moved_in_on, house_area_m2,
                                           area_over, self_paid_over, exempt, labour, due_on, demolished_on, employed)
    SELECT household_id, code, unit_code, members, policy_id, registered_on, withdrawn_on, moved_in_on, house_area_m2,
           area_over, self_paid_over, exempt, labour, due_on, demolished_on, employed
    FROM fresh
    ON CONFLICT (household_id) DO UPDATE SET
      code = EXCLUDED.code, unit_code = EXCLUDED.unit_code, members = EXCLUDED.members, policy_id = EXCLUDED.policy_id,
      registered_on = EXCLUDED.registered_on, withdrawn_on = EXCLUDED.withdrawn_on, moved_in_on = EXCLUDED.moved_in_on,
      house_area_m2 = EXCLUDED.house_area_m2, area_over = EXCLUDED.area_over, self_paid_over = EXCLUDED.self_paid_over,
      exempt = EXCLUDED.exempt, labour = EXCLUDED.labour, due_on = EXCLUDED.due_on, demolished_on = EXCLUDED.demolished_on,
      employed = EXCLUDED.employed
    WHERE (c.code, c.unit_code, c.members, c.policy_id, c.registered_on, c.withdrawn_on, c.moved_in_on, c.house_area_m2, c.area_over,
           c.self_paid_over, c.exempt, c.labour, c.due_on, c.demolished_on, c.employed)
          IS DISTINCT FROM
          (EXCLUDED.code, EXCLUDED.unit_code, EXCLUDED.members, EXCLUDED.policy_id, EXCLUDED.registered_on, EXCLUDED.withdrawn_on,
           EXCLUDED.moved_in_on, EXCLUDED.house_area_m2, EXCLUDED.area_over, EXCLUDED.self_paid_over, EXCLUDED.exempt, EXCLUDED.labour,
           EXCLUDED.due_on, EXCLUDED.demolished_on, EXCLUDED.employed)
  $q$ USING ids;
  PERFORM set_config('enable_nestloop', nestloop, true);
END $$;

-- What moves the projection: milestones (registered, moved in, withdrawn; after
-- milestones_after_insert has moved household_status: triggers fire in name order), a household's
-- facts, unit or size, its employment, the policies, and the unit tree.
CREATE FUNCTION rp_compliance_on_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rp_compliance_refresh(ARRAY(SELECT DISTINCT household_id FROM new_rows WHERE milestone IN ('registered', 'moved_in', 'withdrawn')));
  RETURN NULL;
END $$;
CREATE TRIGGER milestones_compliance AFTER INSERT ON milestones REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_milestones();

CREATE FUNCTION rp_compliance_on_households() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rp_compliance_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.code, n.unit_code, n.members, n.house_area_m2, n.self_paid, n.labour_members, n.old_house_demolished_on, n.old_house_exempt_reason)
          IS DISTINCT FROM (o.code, o.unit_code, o.members, o.house_area_m2, o.self_paid, o.labour_members, o.old_house_demolished_on, o.old_house_exempt_reason)));
  RETURN NULL;
END $$;
CREATE TRIGGER households_compliance AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_households();

CREATE FUNCTION rp_compliance_on_employment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM rp_compliance_refresh(ARRAY(SELECT DISTINCT household_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM rp_compliance_refresh(ARRAY(SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows));
  ELSE
    PERFORM rp_compliance_refresh(ARRAY(SELECT DISTINCT household_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER employment_compliance_ins AFTER INSERT ON employment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_employment();
CREATE TRIGGER employment_compliance_upd AFTER UPDATE ON employment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_employment();
CREATE TRIGGER employment_compliance_del AFTER DELETE ON employment REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_employment();

-- The households of every unit at or below the given ones (a new or changed policy's region).
CREATE FUNCTION rp_households_under(units text[]) RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY(SELECT h.id FROM households h
               WHERE h.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = ANY (units)))
$$;

CREATE FUNCTION rp_compliance_on_policies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM rp_compliance_refresh(rp_households_under(ARRAY(SELECT DISTINCT region_code FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM rp_compliance_refresh(rp_households_under(ARRAY(SELECT region_code FROM new_rows UNION SELECT region_code FROM old_rows)));
  ELSE
    PERFORM rp_compliance_refresh(rp_households_under(ARRAY(SELECT DISTINCT region_code FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER compliance_policies_refresh_ins AFTER INSERT ON compliance_policies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_policies();
CREATE TRIGGER compliance_policies_refresh_upd AFTER UPDATE ON compliance_policies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_policies();
CREATE TRIGGER compliance_policies_refresh_del AFTER DELETE ON compliance_policies REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_policies();

-- A unit moved to another parent: its households may fall under another policy.
CREATE FUNCTION rp_compliance_on_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rp_compliance_refresh(rp_households_under(ARRAY(
    SELECT n.code FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.parent_code IS DISTINCT FROM o.parent_code)));
  RETURN NULL;
END $$;
CREATE TRIGGER admin_units_compliance AFTER UPDATE ON admin_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_on_units();
