-- Set-based checks of a staged ledger import, so every bad line is named at once (the row trigger
-- stays the authority): the household, its entitlement to the component, and the running total
-- of the file's payments with what was paid before within the entitlement. The first @max in line order.
WITH s AS (
  SELECT r.row_no, r.household_code, r.component, r.amount, h.id AS household_id, st.withdrawn_on
  FROM disbursement_import_rows r LEFT JOIN households h ON h.code = r.household_code
  LEFT JOIN household_status st ON st.household_id = h.id),
lines AS (
  SELECT s.*, e.component_id, e.amount AS entitled,
         coalesce((SELECT sum(d.amount) FROM disbursements d WHERE d.household_id = s.household_id AND d.component_id = e.component_id), 0)
           + sum(s.amount) OVER (PARTITION BY s.household_id, s.component ORDER BY s.row_no) AS paid
  FROM s LEFT JOIN LATERAL rp_entitlement(s.household_id) e ON e.component = s.component
  WHERE s.household_id IS NOT NULL),
errors AS (
  SELECT row_no, 'household_code' AS field, 'reference' AS rule, 'No household ' || household_code || '.' AS message
  FROM s WHERE household_id IS NULL
  UNION ALL
  SELECT row_no, 'household_code', 'household_active', format('Household %s withdrew on %s; no further payments.', household_code, withdrawn_on)
  FROM s WHERE withdrawn_on IS NOT NULL
  UNION ALL
  SELECT row_no, 'component', 'entitled_component', format('Household %s has no entitlement to %s.', household_code, component)
  FROM lines WHERE component_id IS NULL
  UNION ALL
  SELECT row_no, 'amount', 'within_entitlement', format('Paying this would bring %s to %s of an entitlement of %s for %s.', household_code, paid, entitled, component)
  FROM lines WHERE component_id IS NOT NULL AND paid > entitled)
SELECT row_no, field, rule, message, count(*) OVER () AS total FROM errors ORDER BY row_no, field LIMIT @max
