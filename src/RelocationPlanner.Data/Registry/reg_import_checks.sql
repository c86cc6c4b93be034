-- Set-based checks of a staged import against itself and the stored data: one row per error.
WITH errors AS (
  SELECT row_no, 'household_code' AS field, 'unique' AS rule, 'household_code ' || code || ' appears earlier in the file (line ' || first_row || ').' AS message
  FROM (SELECT row_no, code, min(row_no) OVER (PARTITION BY code) AS first_row FROM reg_import_rows) d WHERE row_no > first_row
  UNION ALL
  SELECT s.row_no, 'household_code', 'unique', 'Household ' || s.code || ' is already registered.'
  FROM reg_import_rows s JOIN households h ON h.code = s.code
  UNION ALL
  SELECT s.row_no, 'county_code', 'reference', 'No administrative unit ' || s.unit_code || '.'
  FROM reg_import_rows s WHERE NOT EXISTS (SELECT 1 FROM admin_units u WHERE u.code = s.unit_code)
  UNION ALL
  SELECT s.row_no, 'site_code', 'reference', 'No site ' || s.site_code || '.'
  FROM reg_import_rows s WHERE s.site_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sites x WHERE x.code = s.site_code)
  UNION ALL
  SELECT s.row_no, 'origin_settlement_code', 'reference', 'No settlement ' || s.origin_settlement_code || '.'
  FROM reg_import_rows s WHERE s.origin_settlement_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM settlements x WHERE x.code = s.origin_settlement_code)
)
SELECT row_no, field, rule, message, count(*) OVER () AS total FROM errors ORDER BY row_no, field LIMIT $1
