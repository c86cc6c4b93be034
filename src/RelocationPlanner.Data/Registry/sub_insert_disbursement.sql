-- One ledger entry; the trigger locks the household and refuses over-payment.
INSERT INTO disbursements (household_id, component_id, amount, paid_on, reverses_id)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, recorded_by, recorded_at
