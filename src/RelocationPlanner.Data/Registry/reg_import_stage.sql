-- The import's staging table: lives for one transaction, filled by binary COPY.
CREATE TEMP TABLE reg_import_rows (
  row_no bigint NOT NULL, code text NOT NULL, head_name text NOT NULL, members integer NOT NULL, unit_code text NOT NULL,
  origin_settlement_code text, site_code text, settlement_type text NOT NULL,
  registered_on date NOT NULL, keys_claimed_on date, moved_in_on date
) ON COMMIT DROP
