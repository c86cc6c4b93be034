-- Locks the households of a staged payment list in id order, the order every ledger writer locks
-- them in (the ledger's trigger), before the checks: a concurrent payment or list for one of them
-- waits until this import ends, so what the checks see is what the insert adds to.
SELECT count(*) FROM (
  SELECT h.id FROM households h WHERE h.code IN (SELECT household_code FROM disbursement_import_rows) ORDER BY h.id FOR NO KEY UPDATE) l
