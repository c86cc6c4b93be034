-- Subsidy policies as data (per person or per household, named components each paid from a
-- named funding source, valid for a region and a period) and the append-only disbursement
-- ledger. The database itself refuses a payment that would exceed a component's entitlement:
-- the insert trigger locks the household row, so concurrent payments to one household queue.
-- The reports read the ledger through disbursement_sums, kept by the ledger's insert trigger, so
-- the subsidy report joins small aggregates, not the ledger with the registry.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE subsidy_policies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  region_code text NOT NULL REFERENCES admin_units (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  valid_from  date NOT NULL,
  valid_to    date,
  basis       text NOT NULL CHECK (basis IN ('per_person', 'per_household')),
  created_at  timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at  timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version     integer NOT NULL DEFAULT 1,
  CONSTRAINT subsidy_policies_dates_in_order CHECK (valid_to IS NULL OR valid_to >= valid_from),
  -- One policy per region on any day, so a household's entitlement is never ambiguous.
  CONSTRAINT subsidy_policies_no_overlap EXCLUDE USING gist (
    region_code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);

CREATE TABLE subsidy_components (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_id      bigint NOT NULL REFERENCES subsidy_policies (id),
  name           text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'),
  amount         numeric(14, 2) NOT NULL CHECK (amount > 0),
  funding_source text NOT NULL CHECK (length(funding_source) BETWEEN 1 AND 64),
  created_at     timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at     timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version        integer NOT NULL DEFAULT 1,
  CONSTRAINT subsidy_components_once UNIQUE (policy_id, name)
);

SELECT rp_reg_track('subsidy_policies', 'code');
SELECT rp_reg_track('subsidy_components', 'name');

-- Every unit with each of its ancestors (itself at depth 0), for "nearest ancestor" look-ups.
CREATE FUNCTION rp_unit_ancestors() RETURNS TABLE (unit_code text, ancestor_code text, depth integer)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up (unit_code, ancestor_code, parent_code, depth) AS (
    SELECT code, code, parent_code, 0 FROM admin_units
    UNION ALL
    SELECT up.unit_code, a.code, a.parent_code, up.depth + 1
    FROM up JOIN admin_units a ON a.code = up.parent_code
    WHERE up.depth < 16)
  SELECT unit_code, ancestor_code, depth FROM up
$$;

-- The policy of the nearest ancestor unit (or the unit itself) valid on the given day.
CREATE FUNCTION rp_policy_for(unit text, on_day date) RETURNS bigint LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up (code, parent_code, depth) AS (
    SELECT code, parent_code, 0 FROM admin_units WHERE code = unit
    UNION ALL
    SELECT a.code, a.parent_code, up.depth + 1 FROM up JOIN admin_units a ON a.code = up.parent_code WHERE up.depth < 16)
  SELECT p.id FROM up
  JOIN subsidy_policies p ON p.region_code = up.code AND on_day >= p.valid_from AND (p.valid_to IS NULL OR on_day <= p.valid_to)
  ORDER BY up.depth LIMIT 1
$$;

-- A household's entitlement per component: amount x members (per person) or amount (per household),
-- under the policy valid on its registration date. No registration, no entitlement.
CREATE FUNCTION rp_entitlement(hh bigint)
RETURNS TABLE (component_id bigint, component text, funding_source text, policy_code text, amount numeric)
LANGUAGE sql STABLE AS $$
  SELECT c.id, c.name, c.funding_source, p.code,
         c.amount * CASE WHEN p.basis = 'per_person' THEN h.members ELSE 1 END
  FROM households h
  JOIN household_status s ON s.household_id = h.id
  JOIN subsidy_policies p ON p.id = rp_policy_for(h.unit_code, s.registered_on)
  JOIN subsidy_components c ON c.policy_id = p.id
  WHERE h.id = hh
  ORDER BY c.id
$$;

CREATE TABLE disbursements (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id bigint NOT NULL REFERENCES households (id),
  component_id bigint NOT NULL REFERENCES subsidy_components (id),
  amount       numeric(14, 2) NOT NULL,
  paid_on      date NOT NULL,
  reverses_id  bigint REFERENCES disbursements (id),
  recorded_by  text NOT NULL DEFAULT rp_current_user(),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  -- Payments are positive; a reversal is a negative entry that names the payment it undoes.
  CONSTRAINT disbursements_sign CHECK ((reverses_id IS NULL AND amount > 0) OR (reverses_id IS NOT NULL AND amount < 0))
);
CREATE INDEX disbursements_household_idx ON disbursements (household_id, component_id);
CREATE INDEX disbursements_reverses_idx ON disbursements (reverses_id) WHERE reverses_id IS NOT NULL;

CREATE FUNCTION rp_disbursement_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hh record; entitled numeric; paid numeric; orig record; reversed numeric;
BEGIN
  -- Serialises every payment to this household: the sums below see all committed entries.
  SELECT h.code, s.withdrawn_on INTO hh FROM households h LEFT JOIN household_status s ON s.household_id = h.id
  WHERE h.id = NEW.household_id FOR NO KEY UPDATE OF h;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'household % does not exist', NEW.household_id USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'disbursements_household_id_fkey';
  END IF;
  SELECT e.amount INTO entitled FROM rp_entitlement(NEW.household_id) e WHERE e.component_id = NEW.component_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'component % is not in the entitlement of household %', NEW.component_id, hh.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursements_component_entitled', COLUMN = 'component';
  END IF;
  IF NEW.reverses_id IS NULL AND hh.withdrawn_on IS NOT NULL THEN
    RAISE EXCEPTION 'household % withdrew on %; no further payments', hh.code, hh.withdrawn_on
      USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursements_household_active', COLUMN = 'household_code';
  END IF;
  IF NEW.reverses_id IS NOT NULL THEN
    SELECT d.household_id, d.component_id, d.amount, d.paid_on, d.reverses_id INTO orig FROM disbursements d WHERE d.id = NEW.reverses_id;
    IF NOT FOUND OR orig.household_id <> NEW.household_id OR orig.component_id <> NEW.component_id OR orig.reverses_id IS NOT NULL THEN
      RAISE EXCEPTION 'entry % is not a payment of this household and component', NEW.reverses_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursements_reversal_matches', COLUMN = 'reverses';
    END IF;
    SELECT coalesce(sum(d.amount), 0) INTO reversed FROM disbursements d WHERE d.reverses_id = NEW.reverses_id;
    IF orig.amount + reversed + NEW.amount < 0 THEN
      RAISE EXCEPTION 'reversal of % exceeds what is left of payment % (% of %)', -NEW.amount, NEW.reverses_id, orig.amount + reversed, orig.amount
        USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursements_reversal_within_original', COLUMN = 'amount';
    END IF;
    IF NEW.paid_on < orig.paid_on THEN
      RAISE EXCEPTION 'a reversal cannot predate the payment it reverses (%)', orig.paid_on
        USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursements_reversal_dates_in_order', COLUMN = 'paid_on';
    END IF;
  END IF;
  SELECT coalesce(sum(d.amount), 0) INTO paid FROM disbursements d
  WHERE d.household_id = NEW.household_id AND d.component_id = NEW.component_id;
  IF paid + NEW.amount > entitled THEN
    RAISE EXCEPTION 'paying % would bring % to % of an entitlement of %', NEW.amount, hh.code, paid + NEW.amount, entitled
      USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursements_within_entitlement', COLUMN = 'amount';
  END IF;
  NEW.recorded_by := rp_current_user();
  NEW.recorded_at := now();
  RETURN NEW;
END $$;

CREATE TRIGGER disbursements_check BEFORE INSERT ON disbursements FOR EACH ROW EXECUTE FUNCTION rp_disbursement_check();
CREATE TRIGGER disbursements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON disbursements
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();

-- The audit trail (and data version): the ledger only ever changes by insert.
CREATE TRIGGER history_ins AFTER INSERT ON disbursements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('household_id');

-- The ledger summed per (unit, site, component, day from which the money counts in an as-of
-- report: the later of the payment and the household's registration).
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

-- A household's unit, site or size may change (a unit's code is renamed and cascades, a record
-- is corrected): the projection, the registration sums (0300) and the ledger sums follow,
-- set-based.
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
CREATE TRIGGER households_after_update AFTER UPDATE ON households
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_households_after_update();
