-- The ledger's rules checked once per statement, set-based, instead of once per row: a bank's
-- payment list took ~1.2 ms a payment in the row trigger (lock the household, look up its
-- entitlement, sum what was paid), 2.8 h for the nation's 5.4M payments. The rules are written
-- once (rp_disbursement_violations_sql) and serve both the ledger's statement trigger, the
-- authority for every insert (one payment through the API is a statement of one row), and the
-- payment import's checks, which name every bad line before anything is stored. Every writer locks
-- the households of its statement in id order, so two lists, or a list and a single payment, for
-- one household queue (never deadlock) and their sum stays within the entitlement.

-- Every household's entitlement per component, for set-based joins (a filter on household_id
-- reaches the households table once this is inlined; rp_entitlement(hh) is this for one household).
CREATE FUNCTION rp_entitlements()
RETURNS TABLE (household_id bigint, component_id bigint, component text, funding_source text, policy_code text, amount numeric)
LANGUAGE sql STABLE AS $$
  SELECT h.id, c.id, c.name, c.funding_source, p.code,
         c.amount * CASE WHEN p.basis = 'per_person' THEN h.members ELSE 1 END
  FROM households h
  JOIN household_status s ON s.household_id = h.id
  CROSS JOIN LATERAL rp_policy_for(h.unit_code, s.registered_on) AS x (policy_id)
  JOIN subsidy_policies p ON p.id = x.policy_id
  JOIN subsidy_components c ON c.policy_id = p.id
$$;

CREATE OR REPLACE FUNCTION rp_entitlement(hh bigint)
RETURNS TABLE (component_id bigint, component text, funding_source text, policy_code text, amount numeric)
LANGUAGE sql STABLE AS $$
  SELECT e.component_id, e.component, e.funding_source, e.policy_code, e.amount
  FROM rp_entitlements() e WHERE e.household_id = hh
  ORDER BY e.component_id
$$;

-- The entries of a batch that break a ledger rule, as SQL text for the caller to EXECUTE (a
-- trigger's transition table is visible to the trigger function's own statements only).
-- {batch} yields row_no (the order in which entries count), household_id (NULL: no such
-- household), household_code, component_id (NULL: the component is named only), component,
-- amount, paid_on, reverses_id. {stored}: whether the batch is in the ledger already (the
-- trigger's) or not yet (an import's staged rows). The result: row_no, field, rule, message and
-- the constraint name the trigger raises. Running totals follow row_no, so the first entry that
-- goes over is the one named. The caller holds the households' locks (see the trigger).
CREATE FUNCTION rp_disbursement_violations_sql(batch_sql text, stored boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace($q$
    WITH b AS MATERIALIZED ({batch}),
    hh AS MATERIALIZED (SELECT DISTINCT household_id FROM b WHERE household_id IS NOT NULL),
    ent AS MATERIALIZED (
      SELECT e.household_id, e.component_id, e.component, e.amount FROM hh JOIN rp_entitlements() e ON e.household_id = hh.household_id),
    paid AS (
      SELECT d.household_id, d.component_id, sum(d.amount) AS amount
      FROM disbursements d WHERE d.household_id IN (SELECT household_id FROM hh) GROUP BY 1, 2),
    lines AS (
      SELECT b.*, st.withdrawn_on, e.component_id AS entitled_id, e.amount AS entitled,
             coalesce(p.amount, 0) - CASE WHEN {stored} THEN sum(b.amount) OVER whole ELSE 0 END
               + sum(b.amount) OVER (whole ORDER BY b.row_no) AS paid
      FROM b
      LEFT JOIN household_status st ON st.household_id = b.household_id
      LEFT JOIN ent e ON e.household_id = b.household_id AND e.component = b.component
      LEFT JOIN paid p ON p.household_id = b.household_id AND p.component_id = e.component_id
      WINDOW whole AS (PARTITION BY b.household_id, b.component)),
    reversals AS (
      SELECT b.*, o.id AS original, o.household_id AS original_household, o.component_id AS original_component,
             o.amount AS original_amount, o.paid_on AS original_paid_on, o.reverses_id AS original_reverses,
             o.amount + coalesce(r.amount, 0) - CASE WHEN {stored} THEN sum(b.amount) OVER whole ELSE 0 END
               + sum(b.amount) OVER (whole ORDER BY b.row_no) AS left_over
      FROM b
      LEFT JOIN disbursements o ON o.id = b.reverses_id
      LEFT JOIN (SELECT d.reverses_id, sum(d.amount) AS amount FROM disbursements d
                 WHERE d.reverses_id IN (SELECT reverses_id FROM b) GROUP BY 1) r ON r.reverses_id = b.reverses_id
      WHERE b.reverses_id IS NOT NULL
      WINDOW whole AS (PARTITION BY b.reverses_id))
    SELECT row_no, 'household_code' AS field, 'reference' AS rule, format('No household %s.', household_code) AS message,
           'disbursements_household_id_fkey' AS constraint_name
    FROM b WHERE household_id IS NULL
    UNION ALL
    SELECT row_no, 'household_code', 'household_active', format('Household %s withdrew on %s; no further payments.', household_code, withdrawn_on),
           'disbursements_household_active'
    FROM lines WHERE withdrawn_on IS NOT NULL AND reverses_id IS NULL
    UNION ALL
    SELECT row_no, 'component', 'entitled_component', format('Household %s has no entitlement to %s.', household_code, component),
           'disbursements_component_entitled'
    FROM lines WHERE household_id IS NOT NULL AND (entitled_id IS NULL OR entitled_id <> coalesce(component_id, entitled_id))
    UNION ALL
    SELECT row_no, 'amount', 'within_entitlement',
           format('Paying %s would bring %s to %s of an entitlement of %s for %s.', amount, household_code, paid, entitled, component),
           'disbursements_within_entitlement'
    FROM lines WHERE entitled_id = coalesce(component_id, entitled_id) AND paid > entitled
    UNION ALL
    SELECT row_no, 'reverses', 'reversal_matches', format('Entry %s is not a payment of %s for %s.', reverses_id, household_code, component),
           'disbursements_reversal_matches'
    FROM reversals
    WHERE original IS NULL OR original_household <> household_id OR original_component IS DISTINCT FROM component_id OR original_reverses IS NOT NULL
    UNION ALL
    SELECT row_no, 'amount', 'reversal_within_original',
           format('Reversing %s exceeds what is left of payment %s (%s of %s).', -amount, reverses_id, left_over - amount, original_amount),
           'disbursements_reversal_within_original'
    FROM reversals WHERE left_over < 0
    UNION ALL
    SELECT row_no, 'paid_on', 'dates_in_order', format('A reversal cannot predate the payment it reverses (%s).', original_paid_on),
           'disbursements_reversal_dates_in_order'
    FROM reversals WHERE paid_on < original_paid_on
  $q$, '{batch}', batch_sql), '{stored}', stored::text)
$$;

-- The same for a batch that is not in the ledger yet (the import's staged rows, in a temporary table
-- this function's EXECUTE can read).
CREATE FUNCTION rp_disbursement_violations(batch_sql text)
RETURNS TABLE (row_no bigint, field text, rule text, message text, constraint_name text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE rp_disbursement_violations_sql(batch_sql, false);
END $$;

-- Who recorded an entry and when are the database's to say, not the caller's.
CREATE FUNCTION rp_disbursement_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.recorded_by := rp_current_user();
  NEW.recorded_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION rp_disbursements_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v record;
BEGIN
  -- Every writer locks its households in id order: a concurrent statement for one of them waits
  -- here until this transaction ends, and this check (a new snapshot in READ COMMITTED) then
  -- sees what the other committed.
  PERFORM FROM households h WHERE h.id IN (SELECT n.household_id FROM new_rows n) ORDER BY h.id FOR NO KEY UPDATE;
  EXECUTE 'SELECT * FROM (' || rp_disbursement_violations_sql(
    'SELECT n.id AS row_no, n.household_id, h.code AS household_code, n.component_id, c.name AS component,
            n.amount, n.paid_on, n.reverses_id
     FROM new_rows n JOIN households h ON h.id = n.household_id JOIN subsidy_components c ON c.id = n.component_id', true)
    || ') v ORDER BY row_no LIMIT 1' INTO v;
  IF v.rule IS NOT NULL THEN
    RAISE EXCEPTION '%', v.message USING ERRCODE = 'check_violation', CONSTRAINT = v.constraint_name, COLUMN = v.field;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER disbursements_check ON disbursements;
DROP FUNCTION rp_disbursement_check();
CREATE TRIGGER disbursements_stamp BEFORE INSERT ON disbursements FOR EACH ROW EXECUTE FUNCTION rp_disbursement_stamp();
-- Named to fire first of the statement's AFTER triggers (alphabetical), before the sums and history.
CREATE TRIGGER disbursements_check AFTER INSERT ON disbursements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_disbursements_check();
