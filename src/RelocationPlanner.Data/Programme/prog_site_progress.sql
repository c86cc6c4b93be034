-- Centralized sites as projects per unit at a level, as of a day: milestones reached, what the
-- plans hold (houses, floor area, budget), what was spent (over budget: a source spent past its
-- budget by then), capacity, and the active households assigned and moved in. Sites, plans,
-- milestones and ledgers are small tables; the households come from the per-(site's unit, day)
-- deltas of 0560_site_household_counts.sql: the unit's months before the as-of month plus its days
-- of that month, so the cost follows units and months, not households.
WITH anc AS NOT MATERIALIZED (SELECT * FROM rp_unit_ancestors()),
s AS (
  SELECT x.id, x.code, x.unit_code, x.capacity_households FROM sites x
  WHERE x.site_type = 'centralized'
    AND (@unit::text IS NULL OR x.unit_code IN (SELECT a.unit_code FROM anc a WHERE a.ancestor_code = @unit::text))),
ms AS (
  SELECT m.site_id, bool_or(m.milestone = 'approved' AND m.on_date <= @as_of) AS approved,
         bool_or(m.milestone = 'handed_over' AND m.on_date <= @as_of) AS handed_over
  FROM site_milestones m JOIN s ON s.id = m.site_id GROUP BY m.site_id),
spent AS (
  SELECT e.site_id, e.funding_source, sum(e.amount) AS spent
  FROM site_expenditures e JOIN s ON s.id = e.site_id WHERE e.spent_on <= @as_of GROUP BY 1, 2),
budget AS (
  SELECT p.site_id, x ->> 'funding_source' AS funding_source, (x ->> 'amount')::numeric AS amount
  FROM site_plans p JOIN s ON s.id = p.site_id, jsonb_array_elements(p.budget) x),
money AS (
  SELECT sp.site_id, sum(sp.spent) AS spent_total, bool_or(sp.spent > coalesce(b.amount, 0)) AS over_budget
  FROM spent sp LEFT JOIN budget b ON b.site_id = sp.site_id AND b.funding_source = sp.funding_source
  GROUP BY sp.site_id),
hh AS (
  SELECT x.unit_code, sum(x.assigned) AS assigned, sum(x.moved_in) AS moved_in
  FROM (SELECT m.unit_code, m.assigned, m.moved_in FROM site_household_months m WHERE m.on_date < date_trunc('month', @as_of::date)::date
        UNION ALL
        SELECT d.unit_code, d.assigned, d.moved_in FROM site_household_days d
        WHERE d.on_date >= date_trunc('month', @as_of::date)::date AND d.on_date <= @as_of) x
  WHERE @unit::text IS NULL OR x.unit_code IN (SELECT a.unit_code FROM anc a WHERE a.ancestor_code = @unit::text)
  GROUP BY x.unit_code),
per_site AS (
  SELECT s.unit_code, coalesce(ms.approved, false) AS approved, coalesce(ms.handed_over, false) AS handed_over,
         coalesce(p.houses_planned, 0) AS houses_planned, coalesce(p.floor_area_m2, 0) AS floor_area_m2,
         coalesce(p.budget_total, 0) AS budget_total, coalesce(m.spent_total, 0) AS spent_total, coalesce(m.over_budget, false) AS over_budget,
         coalesce(s.capacity_households, 0) AS capacity
  FROM s LEFT JOIN ms ON ms.site_id = s.id LEFT JOIN site_plans p ON p.site_id = s.id
  LEFT JOIN money m ON m.site_id = s.id),
-- Per site's unit first (the households are counted per unit), then up the tree. A site without a
-- unit counts its households under the null unit, as its row does ('' is no unit's code).
per_unit AS (
  SELECT ps.unit_code, count(*) AS sites, count(*) FILTER (WHERE ps.approved) AS approved, count(*) FILTER (WHERE ps.handed_over) AS handed_over,
         sum(ps.houses_planned) AS houses_planned, sum(ps.floor_area_m2) AS floor_area_m2, sum(ps.budget_total) AS budget_total,
         sum(ps.spent_total) AS spent_total, count(*) FILTER (WHERE ps.over_budget) AS over_budget, sum(ps.capacity) AS capacity
  FROM per_site ps GROUP BY ps.unit_code),
target AS (
  SELECT a.unit_code, a.ancestor_code FROM anc a JOIN admin_units u ON u.code = a.ancestor_code WHERE u.level = @level)
SELECT t.ancestor_code AS unit_code, u.name AS unit_name, sum(pu.sites)::bigint AS sites,
       sum(pu.approved)::bigint AS approved, sum(pu.handed_over)::bigint AS handed_over,
       sum(pu.houses_planned)::bigint AS houses_planned, sum(pu.floor_area_m2) AS floor_area_m2_planned,
       sum(pu.budget_total) AS budget_total, sum(pu.spent_total) AS spent_total,
       sum(pu.over_budget)::bigint AS over_budget_sites, sum(pu.capacity)::bigint AS capacity_households,
       coalesce(sum(hh.assigned), 0)::bigint AS households_assigned, coalesce(sum(hh.moved_in), 0)::bigint AS moved_in
FROM per_unit pu
LEFT JOIN hh ON coalesce(hh.unit_code, '') = coalesce(pu.unit_code, '')
LEFT JOIN target t ON t.unit_code = pu.unit_code
LEFT JOIN admin_units u ON u.code = t.ancestor_code
GROUP BY t.ancestor_code, u.name
ORDER BY t.ancestor_code NULLS LAST
