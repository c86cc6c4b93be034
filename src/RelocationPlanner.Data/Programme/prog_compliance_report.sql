-- Compliance per unit at a level as of a day. compliance_sums holds, per stored unit and day, how
-- each count changes on that day, and compliance_months the same per month (0540); a count as of
-- @as_of is the sum of its unit's months before @as_of's month and its days of that month (units x
-- months rows, never the registry itself), then rolled up the unit tree to @level. Units above
-- @level have no row there (unit_code NULL).
WITH month_start AS (SELECT date_trunc('month', @as_of::date)::date AS day),
per_unit AS (
  SELECT s.unit_code, sum(s.households) AS households, sum(s.covered) AS covered, sum(s.moved_in) AS moved_in,
         sum(s.covered_moved_in) AS covered_moved_in, sum(s.area_over_limit) AS area_over_limit,
         sum(s.self_paid_over_limit) AS self_paid_over_limit, sum(s.demolition_due) AS demolition_due, sum(s.demolished) AS demolished,
         sum(s.demolition_overdue) AS demolition_overdue, sum(s.exempt) AS exempt, sum(s.moved_in_demolished) AS moved_in_demolished,
         sum(s.moved_in_exempt) AS moved_in_exempt, sum(s.labour_households) AS labour_households,
         sum(s.employed_households) AS employed_households, sum(s.area_m2) AS area_m2, sum(s.area_members) AS area_members
  FROM (SELECT * FROM compliance_months m WHERE m.on_date < (SELECT day FROM month_start)
        UNION ALL
        SELECT * FROM compliance_sums d WHERE d.on_date >= (SELECT day FROM month_start) AND d.on_date <= @as_of) s
  WHERE (@unit::text IS NULL OR s.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = @unit::text))
  GROUP BY s.unit_code),
target AS (
  SELECT a.unit_code, a.ancestor_code FROM rp_unit_ancestors() a JOIN admin_units u ON u.code = a.ancestor_code WHERE u.level = @level)
SELECT t.ancestor_code AS unit_code, u.name AS unit_name,
       sum(p.households)::bigint AS households, sum(p.covered)::bigint AS covered, sum(p.area_over_limit)::bigint AS area_over_limit,
       sum(p.self_paid_over_limit)::bigint AS self_paid_over_limit, sum(p.moved_in)::bigint AS moved_in,
       sum(p.demolition_due)::bigint AS demolition_due, sum(p.demolished)::bigint AS demolished,
       sum(p.demolition_overdue)::bigint AS demolition_overdue, sum(p.exempt)::bigint AS exempt,
       sum(p.labour_households)::bigint AS labour_households, sum(p.employed_households)::bigint AS employed_households,
       sum(p.covered_moved_in)::bigint AS covered_moved_in, sum(p.moved_in_demolished)::bigint AS moved_in_demolished,
       sum(p.moved_in_exempt)::bigint AS moved_in_exempt, sum(p.area_m2) AS area_m2, sum(p.area_members)::bigint AS area_members
FROM per_unit p
LEFT JOIN target t ON t.unit_code = p.unit_code
LEFT JOIN admin_units u ON u.code = t.ancestor_code
GROUP BY t.ancestor_code, u.name
HAVING sum(p.households) > 0
ORDER BY t.ancestor_code NULLS LAST
