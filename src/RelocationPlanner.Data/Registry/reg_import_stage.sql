-- The import's staging table: lives for one transaction, filled by binary COPY (the programme's facts are optional columns).
CREATE TEMP TABLE reg_import_rows (
  row_no bigint NOT NULL, code text NOT NULL, head_name text NOT NULL, members integer NOT NULL, unit_code text NOT NULL,
  origin_settlement_code text, site_code text, settlement_type text NOT NULL,
  registered_on date NOT NULL, keys_claimed_on date, moved_in_on date,
  house_area_m2 numeric, self_paid numeric, labour_members integer, old_house_demolished_on date, homestead_reclaimed_on date, old_house_exempt_reason text
) ON COMMIT DROP
