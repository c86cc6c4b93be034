-- Settled rates and compliance per unit from per-day and per-month deltas, so a county report
-- reads about (units x months) rows instead of every household (household_status: 3M rows at
-- national scale) or every (unit, day) (compliance_sums: about 2M). A count as of D is the sum of
-- the unit's months before D's month plus the unit's days from the first of D's month to D.

-- Settled rates: how each count moves per unit and day (+1 when a household registers, claims
-- keys, moves in, is deemed settled; -1 of each when it withdraws: withdrawal is always its last
-- milestone, as rep_settled_series.sql counts them), from household_status's changes.
CREATE TABLE settled_days (
  unit_code    text NOT NULL,
  on_date      date NOT NULL,
  households   bigint NOT NULL,
  people       bigint NOT NULL,
  keys_claimed bigint NOT NULL,
  moved_in     bigint NOT NULL,
  deemed       bigint NOT NULL,
  PRIMARY KEY (unit_code, on_date)
);
CREATE INDEX settled_days_day_idx ON settled_days (on_date);

CREATE TABLE settled_months (LIKE settled_days, PRIMARY KEY (unit_code, on_date));
COMMENT ON COLUMN settled_months.on_date IS 'The first day of the month.';

-- The statement that adds the events of a set of household_status rows (sign -1 for old ones)
-- to both tables, as text for the caller to EXECUTE (transition tables are visible to the
-- trigger function's own statements only).
CREATE FUNCTION rp_settled_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH hh AS MATERIALIZED (
      SELECT unit_code, sign, members, registered_on, keys_claimed_on, moved_in_on, withdrawn_on,
             least(keys_claimed_on, moved_in_on) AS deemed_on
      FROM (%s) r WHERE registered_on IS NOT NULL),
    ev AS (
      SELECT unit_code, on_date, sum(households) AS households, sum(people) AS people, sum(keys) AS keys, sum(moved) AS moved, sum(deemed) AS deemed
      FROM (
        SELECT unit_code, registered_on AS on_date, sign AS households, sign * members AS people, 0 AS keys, 0 AS moved, 0 AS deemed FROM hh
        UNION ALL SELECT unit_code, keys_claimed_on, 0, 0, sign, 0, 0 FROM hh WHERE keys_claimed_on IS NOT NULL
        UNION ALL SELECT unit_code, moved_in_on, 0, 0, 0, sign, 0 FROM hh WHERE moved_in_on IS NOT NULL
        UNION ALL SELECT unit_code, deemed_on, 0, 0, 0, 0, sign FROM hh WHERE deemed_on IS NOT NULL
        UNION ALL SELECT unit_code, withdrawn_on, -sign, -sign * members, -sign * (keys_claimed_on IS NOT NULL)::int,
                         -sign * (moved_in_on IS NOT NULL)::int, -sign * (deemed_on IS NOT NULL)::int
        FROM hh WHERE withdrawn_on IS NOT NULL) e
      GROUP BY 1, 2),
    moved AS MATERIALIZED (
      SELECT * FROM ev WHERE households <> 0 OR people <> 0 OR keys <> 0 OR moved <> 0 OR deemed <> 0),
    d AS (
      INSERT INTO settled_days AS t (unit_code, on_date, households, people, keys_claimed, moved_in, deemed)
      SELECT unit_code, on_date, households, people, keys, moved, deemed FROM moved
      ON CONFLICT (unit_code, on_date) DO UPDATE SET households = t.households + EXCLUDED.households, people = t.people + EXCLUDED.people,
        keys_claimed = t.keys_claimed + EXCLUDED.keys_claimed, moved_in = t.moved_in + EXCLUDED.moved_in, deemed = t.deemed + EXCLUDED.deemed)
    INSERT INTO settled_months AS t (unit_code, on_date, households, people, keys_claimed, moved_in, deemed)
    SELECT unit_code, date_trunc('month', on_date)::date, sum(households), sum(people), sum(keys), sum(moved), sum(deemed) FROM moved GROUP BY 1, 2
    ON CONFLICT (unit_code, on_date) DO UPDATE SET households = t.households + EXCLUDED.households, people = t.people + EXCLUDED.people,
      keys_claimed = t.keys_claimed + EXCLUDED.keys_claimed, moved_in = t.moved_in + EXCLUDED.moved_in, deemed = t.deemed + EXCLUDED.deemed
  $q$, rows_sql)
$$;

CREATE FUNCTION rp_settled_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_settled_sql(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows' END);
  RETURN NULL;
END $$;

CREATE TRIGGER household_status_settled_ins AFTER INSERT ON household_status REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_settled_sync();
CREATE TRIGGER household_status_settled_upd AFTER UPDATE ON household_status REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_settled_sync();

DO $$ BEGIN EXECUTE rp_settled_sql('SELECT 1 AS sign, * FROM household_status'); END $$;

-- Compliance: compliance_sums (per unit and day, only ever added to) summed per month as well.
CREATE TABLE compliance_months (LIKE compliance_sums, PRIMARY KEY (unit_code, on_date));
COMMENT ON COLUMN compliance_months.on_date IS 'The first day of the month.';
CREATE INDEX compliance_sums_day_idx ON compliance_sums (on_date);

-- As text for the caller to EXECUTE, as above.
CREATE FUNCTION rp_compliance_months_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO compliance_months AS t (unit_code, on_date, households, covered, moved_in, covered_moved_in, area_over_limit, self_paid_over_limit,
                                        demolition_due, demolished, demolition_overdue, exempt, moved_in_demolished, moved_in_exempt,
                                        labour_households, employed_households, area_m2, area_members)
    SELECT unit_code, date_trunc('month', on_date)::date, sum(sign * households), sum(sign * covered), sum(sign * moved_in), sum(sign * covered_moved_in),
           sum(sign * area_over_limit), sum(sign * self_paid_over_limit), sum(sign * demolition_due), sum(sign * demolished),
           sum(sign * demolition_overdue), sum(sign * exempt), sum(sign * moved_in_demolished), sum(sign * moved_in_exempt),
           sum(sign * labour_households), sum(sign * employed_households), sum(sign * area_m2), sum(sign * area_members)
    FROM (%s) r GROUP BY 1, 2
    ON CONFLICT (unit_code, on_date) DO UPDATE SET
      households = t.households + EXCLUDED.households, covered = t.covered + EXCLUDED.covered, moved_in = t.moved_in + EXCLUDED.moved_in,
      covered_moved_in = t.covered_moved_in + EXCLUDED.covered_moved_in, area_over_limit = t.area_over_limit + EXCLUDED.area_over_limit,
      self_paid_over_limit = t.self_paid_over_limit + EXCLUDED.self_paid_over_limit, demolition_due = t.demolition_due + EXCLUDED.demolition_due,
      demolished = t.demolished + EXCLUDED.demolished, demolition_overdue = t.demolition_overdue + EXCLUDED.demolition_overdue,
      exempt = t.exempt + EXCLUDED.exempt, moved_in_demolished = t.moved_in_demolished + EXCLUDED.moved_in_demolished,
      moved_in_exempt = t.moved_in_exempt + EXCLUDED.moved_in_exempt, labour_households = t.labour_households + EXCLUDED.labour_households,
      employed_households = t.employed_households + EXCLUDED.employed_households, area_m2 = t.area_m2 + EXCLUDED.area_m2,
      area_members = t.area_members + EXCLUDED.area_members
  $q$, rows_sql)
$$;

CREATE FUNCTION rp_compliance_months_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_compliance_months_sql(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows' END);
  RETURN NULL;
END $$;

CREATE TRIGGER compliance_sums_months_ins AFTER INSERT ON compliance_sums REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_months_sync();
CREATE TRIGGER compliance_sums_months_upd AFTER UPDATE ON compliance_sums REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_compliance_months_sync();

DO $$ BEGIN EXECUTE rp_compliance_months_sql('SELECT 1 AS sign, * FROM compliance_sums'); END $$;
