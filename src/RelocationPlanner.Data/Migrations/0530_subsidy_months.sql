-- Per-month sums for the subsidy report at unit levels. registration_sums and disbursement_sums
-- are keyed by site and day: with one separate site per household they hold about a row per
-- household and per payment (3M and 4.5M at national scale), and the report read them all.
-- These keep the same figures per (unit, month): registrations with the policy valid on their
-- day (looked up once, when they are added), payments per component. The report reads the
-- months before the as-of month here and only the as-of month's days from the daily sums.
-- Kept by statement triggers from the daily sums' deltas (they are only ever inserted or
-- added to), and rebuilt for the units under a region whose policies change or whose place
-- in the unit tree changes.

CREATE TABLE registration_months (
  unit_code  text NOT NULL,
  month      date NOT NULL,
  policy_id  bigint,          -- the policy valid on the registration days (NULL: none)
  households bigint NOT NULL,
  people     bigint NOT NULL,
  CONSTRAINT registration_months_key UNIQUE NULLS NOT DISTINCT (unit_code, month, policy_id)
);

CREATE TABLE disbursement_months (
  unit_code    text NOT NULL,
  component_id bigint NOT NULL,
  month        date NOT NULL,
  amount       numeric(16, 2) NOT NULL,
  CONSTRAINT disbursement_months_key UNIQUE (unit_code, component_id, month)
);

-- The as-of month's days.
CREATE INDEX registration_sums_day_idx ON registration_sums (registered_on);
CREATE INDEX disbursement_sums_day_idx ON disbursement_sums (counts_from);

-- The statement that adds (unit, day, households, people) rows to the months, each under the
-- policy of the nearest ancestor valid on its day (one set-based lookup per distinct unit and
-- day). Returned as text for the caller to EXECUTE: a trigger's transition tables are visible
-- to the trigger function's own statements only, not to functions it calls.
CREATE FUNCTION rp_registration_months_sql(delta_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH delta AS MATERIALIZED (%s),
    pol AS (
      SELECT DISTINCT ON (x.unit_code, x.registered_on) x.unit_code, x.registered_on, p.id AS policy_id
      FROM (SELECT DISTINCT unit_code, registered_on FROM delta) x
      JOIN unit_ancestors a ON a.unit_code = x.unit_code
      JOIN subsidy_policies p ON p.region_code = a.ancestor_code AND x.registered_on >= p.valid_from AND (p.valid_to IS NULL OR x.registered_on <= p.valid_to)
      ORDER BY x.unit_code, x.registered_on, a.depth)
    INSERT INTO registration_months AS t (unit_code, month, policy_id, households, people)
    SELECT d.unit_code, date_trunc('month', d.registered_on)::date, pol.policy_id, sum(d.households), sum(d.people)
    FROM delta d LEFT JOIN pol USING (unit_code, registered_on)
    GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT registration_months_key DO UPDATE SET households = t.households + EXCLUDED.households, people = t.people + EXCLUDED.people
  $q$, delta_sql)
$$;

CREATE FUNCTION rp_registration_months_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_registration_months_sql(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT unit_code, registered_on, households, people FROM new_rows'
    ELSE 'SELECT unit_code, registered_on, households, people FROM new_rows
          UNION ALL SELECT unit_code, registered_on, -households, -people FROM old_rows' END);
  RETURN NULL;
END $$;

CREATE TRIGGER registration_sums_months_ins AFTER INSERT ON registration_sums REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_registration_months_sync();
CREATE TRIGGER registration_sums_months_upd AFTER UPDATE ON registration_sums REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_registration_months_sync();

CREATE FUNCTION rp_disbursement_months_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO disbursement_months AS t (unit_code, component_id, month, amount)
    SELECT unit_code, component_id, date_trunc('month', counts_from)::date, sum(amount) FROM (%s) d
    GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT disbursement_months_key DO UPDATE SET amount = t.amount + EXCLUDED.amount
  $q$, CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT unit_code, component_id, counts_from, amount FROM new_rows'
    ELSE 'SELECT unit_code, component_id, counts_from, amount FROM new_rows
          UNION ALL SELECT unit_code, component_id, counts_from, -amount FROM old_rows' END);
  RETURN NULL;
END $$;

CREATE TRIGGER disbursement_sums_months_ins AFTER INSERT ON disbursement_sums REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_disbursement_months_sync();
CREATE TRIGGER disbursement_sums_months_upd AFTER UPDATE ON disbursement_sums REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_disbursement_months_sync();

-- The registration months of the given units, again from the daily sums (their policies or ancestors changed).
CREATE FUNCTION rp_registration_months_rebuild(units text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF units IS NULL OR cardinality(units) = 0 THEN RETURN; END IF;
  DELETE FROM registration_months m USING unnest(units) u (code) WHERE m.unit_code = u.code;
  EXECUTE rp_registration_months_sql(
    'SELECT s.unit_code, s.registered_on, s.households, s.people FROM registration_sums s JOIN unnest($1::text[]) u (code) ON s.unit_code = u.code') USING units;
END $$;

CREATE FUNCTION rp_registration_months_on_policies() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE regions text[];
BEGIN
  IF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT region_code) INTO regions FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT region_code) INTO regions FROM old_rows;
  ELSE SELECT array_agg(DISTINCT r) INTO regions FROM (SELECT region_code FROM new_rows UNION SELECT region_code FROM old_rows) x (r);
  END IF;
  PERFORM rp_registration_months_rebuild(ARRAY(
    SELECT DISTINCT a.unit_code FROM unit_ancestors a JOIN unnest(regions) r (code) ON a.ancestor_code = r.code
    WHERE EXISTS (SELECT 1 FROM registration_months m WHERE m.unit_code = a.unit_code)
       OR EXISTS (SELECT 1 FROM registration_sums s WHERE s.unit_code = a.unit_code)));
  RETURN NULL;
END $$;

CREATE TRIGGER subsidy_policies_months_ins AFTER INSERT ON subsidy_policies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_registration_months_on_policies();
CREATE TRIGGER subsidy_policies_months_upd AFTER UPDATE ON subsidy_policies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_registration_months_on_policies();
CREATE TRIGGER subsidy_policies_months_del AFTER DELETE ON subsidy_policies REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_registration_months_on_policies();

-- A unit that moved in the tree may fall under other policies: its months are rebuilt with the closure (0520).
CREATE OR REPLACE FUNCTION rp_units_moved(units text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rp_registration_months_rebuild(ARRAY(
    SELECT f.code FROM unnest(units) f (code)
    WHERE EXISTS (SELECT 1 FROM registration_months m WHERE m.unit_code = f.code)
       OR EXISTS (SELECT 1 FROM registration_sums s WHERE s.unit_code = f.code)));
END $$;

DO $$ BEGIN EXECUTE rp_registration_months_sql('SELECT unit_code, registered_on, households, people FROM registration_sums'); END $$;
INSERT INTO disbursement_months (unit_code, component_id, month, amount)
SELECT unit_code, component_id, date_trunc('month', counts_from)::date, sum(amount) FROM disbursement_sums GROUP BY 1, 2, 3;
