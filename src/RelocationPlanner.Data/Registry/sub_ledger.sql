-- A household's ledger entries in the order they were recorded (a reversal names the entry it
-- reverses): the household page lists them, and an officer picks the entry to reverse from them.
SELECT d.id, h.code AS household_code, c.name AS component, d.amount, d.paid_on, d.reverses_id AS reverses, d.recorded_by, d.recorded_at
FROM households h
JOIN disbursements d ON d.household_id = h.id
JOIN subsidy_components c ON c.id = d.component_id
WHERE h.code = $1
ORDER BY d.id
