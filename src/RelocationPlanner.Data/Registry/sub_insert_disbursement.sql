-- One ledger entry; the trigger locks the household and refuses what breaks a rule (over-payment, a withdrawn household, a mismatched reversal).
INSERT INTO disbursements (household_id, component_id, amount, paid_on, reverses_id)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, recorded_by, recorded_at
