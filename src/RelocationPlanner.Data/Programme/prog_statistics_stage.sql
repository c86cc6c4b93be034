-- The statistics import's staging table: lives for one transaction, filled by binary COPY (CsvStaging).
CREATE TEMP TABLE statistics_import_rows (
  row_no bigint NOT NULL, unit_code text NOT NULL, year_from integer NOT NULL, year_to integer NOT NULL, indicator text NOT NULL,
  value numeric NOT NULL, value_text text NOT NULL, unit text NOT NULL, source text NOT NULL
) ON COMMIT DROP
