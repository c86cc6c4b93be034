-- The employment import's staging table: lives for one transaction, filled by binary COPY.
CREATE TEMP TABLE employment_import_rows (
  row_no bigint NOT NULL, household_code text NOT NULL, member integer, member_name text, kind text NOT NULL,
  employer text, started_on date NOT NULL, ended_on date
) ON COMMIT DROP
