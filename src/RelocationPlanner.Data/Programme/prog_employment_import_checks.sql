-- Set-based checks of a staged employment import against the registry: one row per error (line,
-- field, rule, message) and the total, the first @max in line order.
WITH s AS (
  SELECT r.row_no, r.household_code, r.member, r.member_name, h.id AS household_id, h.members
  FROM employment_import_rows r LEFT JOIN households h ON h.code = r.household_code),
named AS (
  SELECT s.row_no, s.household_code, s.member_name, count(p.id) AS matches
  FROM s LEFT JOIN persons p ON p.household_id = s.household_id AND p.name = s.member_name
  WHERE s.member_name IS NOT NULL AND s.household_id IS NOT NULL
  GROUP BY s.row_no, s.household_code, s.member_name),
errors AS (
  SELECT row_no, 'household_code' AS field, 'reference' AS rule, 'No household ' || household_code || '.' AS message
  FROM s WHERE household_id IS NULL
  UNION ALL
  SELECT row_no, 'member', 'member_in_household', format('Household %s has %s members; there is no member %s.', household_code, members, member)
  FROM s WHERE household_id IS NOT NULL AND member > members
  UNION ALL
  SELECT row_no, 'member', 'member_in_household',
         format('%s persons named %s are registered in household %s: exactly one is needed (or give the member''s number).', matches, member_name, household_code)
  FROM named WHERE matches <> 1)
SELECT row_no, field, rule, message, count(*) OVER () AS total FROM errors ORDER BY row_no, field LIMIT @max
