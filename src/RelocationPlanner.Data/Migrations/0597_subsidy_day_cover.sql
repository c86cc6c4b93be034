-- The subsidies report reads the as-of month's days of the ledger's daily sums by day. Those rows
-- lie all over the table (one per unit, site, component and day: 2.7M at sixteen provinces), so
-- reading them from the table cost 0.6 s; the index now carries what the report reads of them.
DROP INDEX disbursement_sums_day_idx;
CREATE INDEX disbursement_sums_day_idx ON disbursement_sums (counts_from) INCLUDE (unit_code, site_code, component_id, amount);
