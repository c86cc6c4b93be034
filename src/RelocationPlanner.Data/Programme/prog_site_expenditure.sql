-- One ledger entry by id (what a reversal refers to).
SELECT id, site_id, category, funding_source, amount, reverses_id FROM site_expenditures WHERE id = @id
