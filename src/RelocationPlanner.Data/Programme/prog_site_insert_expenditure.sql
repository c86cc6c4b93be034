-- One ledger entry; the trigger checks a reversal against what is left of its original.
INSERT INTO site_expenditures (site_id, category, amount, spent_on, funding_source, reverses_id)
VALUES (@site_id, @category, @amount, @spent_on, @funding_source, @reverses_id)
RETURNING id, recorded_by, recorded_at
