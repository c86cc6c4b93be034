-- Settled rates by unit at a level (or by destination site) as of a day. Counted: households
-- registered by then and not withdrawn by then. Deemed settled = keys claimed or moved in by then.
-- At unit levels from the per-unit deltas (0540_report_months.sql): the unit's months before the
-- as-of month plus its days of that month, so the cost follows units and months, not households;
-- at site level one scan of household_status (it carries unit, site and members) counted per
-- site. Then rolled up the tree.
WITH below AS (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $3),
month_start AS (SELECT date_trunc('month', $2::date)::date AS day),
per_key AS (
  SELECT s.site_code AS key,
         count(*) AS households, sum(s.members) AS people,
         count(*) FILTER (WHERE s.keys_claimed_on <= $2) AS keys_claimed,
         count(*) FILTER (WHERE s.moved_in_on <= $2) AS moved_in,
         count(*) FILTER (WHERE s.keys_claimed_on <= $2 OR s.moved_in_on <= $2) AS deemed
  FROM household_status s
  WHERE $1 = 'site' AND s.registered_on <= $2 AND (s.withdrawn_on IS NULL OR s.withdrawn_on > $2)
    AND ($3::text IS NULL OR s.unit_code IN (SELECT unit_code FROM below))
  GROUP BY 1
  UNION ALL
  SELECT x.unit_code, sum(x.households), sum(x.people), sum(x.keys_claimed), sum(x.moved_in), sum(x.deemed)
  FROM (SELECT m.unit_code, m.households, m.people, m.keys_claimed, m.moved_in, m.deemed FROM settled_months m
        WHERE m.on_date < (SELECT day FROM month_start)
        UNION ALL
        SELECT d.unit_code, d.households, d.people, d.keys_claimed, d.moved_in, d.deemed FROM settled_days d
        WHERE d.on_date >= (SELECT day FROM month_start) AND d.on_date <= $2) x
  WHERE $1 <> 'site' AND ($3::text IS NULL OR x.unit_code IN (SELECT unit_code FROM below))
  GROUP BY 1
  HAVING sum(x.households) <> 0),
target AS (
  SELECT a.unit_code, a.ancestor_code FROM rp_unit_ancestors() a JOIN admin_units u ON u.code = a.ancestor_code WHERE u.level = $1),
rolled AS (
  SELECT CASE WHEN $1 = 'site' THEN p.key ELSE t.ancestor_code END AS code, p.*
  FROM per_key p LEFT JOIN target t ON t.unit_code = p.key AND $1 <> 'site')
SELECT r.code, coalesce(u.name, x.name) AS name, sum(r.households)::bigint AS households, sum(r.people)::bigint AS people,
       sum(r.keys_claimed)::bigint AS keys_claimed, sum(r.moved_in)::bigint AS moved_in, sum(r.deemed)::bigint AS deemed
FROM rolled r
LEFT JOIN admin_units u ON u.code = r.code AND $1 <> 'site'
LEFT JOIN sites x ON x.code = r.code AND $1 = 'site'
GROUP BY r.code, coalesce(u.name, x.name)
ORDER BY r.code NULLS LAST
