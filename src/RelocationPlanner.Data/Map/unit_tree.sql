-- The unit picker opened at one unit ($1; NULL: at the top): for the unit and each of its
-- ancestors the units it was chosen among (its parent's children; the top ones for the topmost),
-- and the unit's own children, so a national tree of ~170k units is read a few dozen at a time
-- (admin_units_parent_idx). At most $2 units a list. up: the list's place, 0 = the top units.
WITH RECURSIVE chain AS (
  SELECT u.code, u.parent_code, 0 AS depth FROM admin_units u WHERE u.code = $1
  UNION ALL
  SELECT u.code, u.parent_code, c.depth + 1 FROM chain c JOIN admin_units u ON u.code = c.parent_code),
lists AS (
  SELECT c.parent_code AS parent, (SELECT max(depth) FROM chain) - c.depth AS up FROM chain c
  UNION ALL
  SELECT $1::text, (SELECT max(depth) FROM chain) + 1 WHERE EXISTS (SELECT FROM chain)
  UNION ALL
  SELECT NULL, 0 WHERE NOT EXISTS (SELECT FROM chain))
SELECT l.up, l.parent, o.code, o.name, o.level
FROM lists l
JOIN LATERAL (
  SELECT u.code, u.name, u.level FROM admin_units u
  WHERE u.parent_code = l.parent OR (l.parent IS NULL AND u.parent_code IS NULL)
  ORDER BY u.code
  LIMIT $2) o ON true
ORDER BY l.up, o.code
