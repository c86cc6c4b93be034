-- The ledger import's staging table: lives for one transaction, filled by binary COPY.
CREATE TEMP TABLE disbursement_import_rows (
  row_no bigint NOT NULL, household_code text NOT NULL, component text NOT NULL, amount numeric(14, 2) NOT NULL, paid_on date NOT NULL
) ON COMMIT DROP
