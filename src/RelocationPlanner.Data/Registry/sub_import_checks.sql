-- A staged payment list checked by the ledger's own rules (rp_disbursement_violations_sql, the
-- ones its trigger enforces), so every bad line is named at once with its field; an unknown
-- household is a reference error. The first @max in line order, with how many there are.
SELECT row_no, field, rule, message, count(*) OVER () AS total
FROM rp_disbursement_violations($b$
  SELECT r.row_no, h.id AS household_id, r.household_code, NULL::bigint AS component_id, r.component, r.amount, r.paid_on, NULL::bigint AS reverses_id
  FROM disbursement_import_rows r LEFT JOIN households h ON h.code = r.household_code $b$)
ORDER BY row_no, field
LIMIT @max
