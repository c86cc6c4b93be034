-- Locks a site: its milestones and ledger entries are recorded one at a time (the triggers lock it too).
SELECT id FROM sites WHERE id = @site_id FOR NO KEY UPDATE
