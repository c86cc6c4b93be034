-- Site progress the straightforward way, the peer of the report: each site's households counted
-- from the registry's own rows (households and their milestones, pivoted per household) instead of
-- the household_status projection; plans, milestones and ledgers read as the report reads them.
WITH st AS (
  SELECT m.household_id, max(m.on_date) FILTER (WHERE m.milestone = 'registered') AS registered_on,
         max(m.on_date) FILTER (WHERE m.milestone = 'moved_in') AS moved_in_on,
         max(m.on_date) FILTER (WHERE m.milestone = 'withdrawn') AS withdrawn_on
  FROM milestones m GROUP BY m.household_id),
hh AS (
  SELECT h.site_code, count(*) AS assigned, count(*) FILTER (WHERE st.moved_in_on <= $1) AS moved_in
  FROM households h JOIN st ON st.household_id = h.id
  WHERE h.site_code IS NOT NULL AND st.registered_on <= $1 AND (st.withdrawn_on IS NULL OR st.withdrawn_on > $1)
  GROUP BY h.site_code),
spent AS (
  SELECT e.site_id, e.funding_source, sum(e.amount) AS spent FROM site_expenditures e WHERE e.spent_on <= $1 GROUP BY 1, 2),
money AS (
  SELECT sp.site_id, sum(sp.spent) AS spent_total,
         bool_or(sp.spent > coalesce((SELECT (x ->> 'amount')::numeric FROM site_plans p, jsonb_array_elements(p.budget) x
                                      WHERE p.site_id = sp.site_id AND x ->> 'funding_source' = sp.funding_source), 0)) AS over_budget
  FROM spent sp GROUP BY sp.site_id)
SELECT a.ancestor_code AS unit_code, count(*) AS sites,
       count(*) FILTER (WHERE EXISTS (SELECT FROM site_milestones m WHERE m.site_id = s.id AND m.milestone = 'approved' AND m.on_date <= $1)) AS approved,
       count(*) FILTER (WHERE EXISTS (SELECT FROM site_milestones m WHERE m.site_id = s.id AND m.milestone = 'handed_over' AND m.on_date <= $1)) AS handed_over,
       sum(coalesce(p.houses_planned, 0)) AS houses_planned, sum(coalesce(p.budget_total, 0)) AS budget_total,
       sum(coalesce(mo.spent_total, 0)) AS spent_total, count(*) FILTER (WHERE mo.over_budget) AS over_budget_sites,
       sum(coalesce(hh.assigned, 0)) AS households_assigned, sum(coalesce(hh.moved_in, 0)) AS moved_in
FROM sites s
JOIN rp_unit_ancestors() a ON a.unit_code = s.unit_code JOIN admin_units u ON u.code = a.ancestor_code AND u.level = 'county'
LEFT JOIN site_plans p ON p.site_id = s.id LEFT JOIN money mo ON mo.site_id = s.id LEFT JOIN hh ON hh.site_code = s.code
WHERE s.site_type = 'centralized'
GROUP BY a.ancestor_code
ORDER BY 1
