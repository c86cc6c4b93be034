-- A site's ledger in the order it was written.
SELECT id, category, amount, spent_on, funding_source, reverses_id AS reverses, recorded_by, recorded_at
FROM site_expenditures WHERE site_id = @site_id ORDER BY id
