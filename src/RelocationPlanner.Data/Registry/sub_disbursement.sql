-- A ledger entry by id (what a reversal refers to).
SELECT d.id, h.code AS household_code, c.name AS component, d.amount FROM disbursements d
JOIN households h ON h.id = d.household_id JOIN subsidy_components c ON c.id = d.component_id
WHERE d.id = $1
