-- Centralized sites as projects per unit at a level, as of a day: milestones reached, what the
-- plans hold (houses, floor area, budget), what was spent (over budget: a source spent past its
-- budget by then), capacity, and the active households assigned and moved in. Sites and plans are
-- read per site (one row each); approvals, hand-overs and spending come from the per-(site's
-- unit, day) deltas of 0598_site_progress_sums.sql and the households from those of
-- 0560_site_household_counts.sql: the unit's months before the as-of month plus its days of that
-- month, so the cost follows units and months, not ledger rows; over budget from each site's
-- spans of days over it (site_over_budget).
WITH anc AS NOT MATERIALIZED (SELECT * FROM rp_unit_ancestors()),
s AS (
  SELECT x.id, x.code, x.unit_code, x.capacity_households FROM sites x
  WHERE x.site_type = 'centralized'
    AND (@unit::text IS NULL OR x.unit_code IN (SELECT a.unit_code FROM anc a WHERE a.ancestor_code = @unit::text))),
over AS (
  SELECT DISTINCT o.site_id FROM site_over_budget o JOIN s ON s.id = o.site_id
  WHERE o.from_on <= @as_of AND (o.to_on IS NULL OR o.to_on > @as_of)),
proj AS (
  SELECT x.unit_code, sum(x.approved) AS approved, sum(x.handed_over) AS handed_over, sum(x.spent) AS spent
  FROM (SELECT m.unit_code, m.approved, m.handed_over, m.spent FROM site_project_months m WHERE m.on_date < date_trunc('month', @as_of::date)::date
        UNION ALL
        SELECT d.unit_code, d.approved, d.handed_over, d.spent FROM site_project_days d
        WHERE d.on_date >= date_trunc('month', @as_of::date)::date AND d.on_date <= @as_of) x
  WHERE @unit::text IS NULL OR x.unit_code IN (SELECT a.unit_code FROM anc a WHERE a.ancestor_code = @unit::text)
  GROUP BY x.unit_code),
hh AS (
  SELECT x.unit_code, sum(x.assigned) AS assigned, sum(x.moved_in) AS moved_in
  FROM (SELECT m.unit_code, m.assigned, m.moved_in FROM site_household_months m WHERE m.on_date < date_trunc('month', @as_of::date)::date
        UNION ALL
        SELECT d.unit_code, d.assigned, d.moved_in FROM site_household_days d
        WHERE d.on_date >= date_trunc('month', @as_of::date)::date AND d.on_date <= @as_of) x
  WHERE @unit::text IS NULL OR x.unit_code IN (SELECT a.unit_code FROM anc a WHERE a.ancestor_code = @unit::text)
  GROUP BY x.unit_code),
-- Per site's unit first (the sums are kept per unit), then up the tree. A site without a unit
-- counts under the null unit, as its row does ('' is no unit's code).
per_unit AS (
  SELECT s.unit_code, count(*) AS sites, sum(coalesce(p.houses_planned, 0)) AS houses_planned,
         sum(coalesce(p.floor_area_m2, 0)) AS floor_area_m2, sum(coalesce(p.budget_total, 0)) AS budget_total,
         count(o.site_id) AS over_budget, sum(coalesce(s.capacity_households, 0)) AS capacity
  FROM s LEFT JOIN site_plans p ON p.site_id = s.id LEFT JOIN over o ON o.site_id = s.id
  GROUP BY s.unit_code),
target AS (
  SELECT a.unit_code, a.ancestor_code FROM anc a JOIN admin_units u ON u.code = a.ancestor_code WHERE u.level = @level)
SELECT t.ancestor_code AS unit_code, u.name AS unit_name, sum(pu.sites)::bigint AS sites,
       coalesce(sum(pr.approved), 0)::bigint AS approved, coalesce(sum(pr.handed_over), 0)::bigint AS handed_over,
       sum(pu.houses_planned)::bigint AS houses_planned, sum(pu.floor_area_m2) AS floor_area_m2_planned,
       sum(pu.budget_total) AS budget_total, coalesce(sum(pr.spent), 0) AS spent_total,
       sum(pu.over_budget)::bigint AS over_budget_sites, sum(pu.capacity)::bigint AS capacity_households,
       coalesce(sum(hh.assigned), 0)::bigint AS households_assigned, coalesce(sum(hh.moved_in), 0)::bigint AS moved_in
FROM per_unit pu
LEFT JOIN hh ON coalesce(hh.unit_code, '') = coalesce(pu.unit_code, '')
LEFT JOIN proj pr ON coalesce(pr.unit_code, '') = coalesce(pu.unit_code, '')
LEFT JOIN target t ON t.unit_code = pu.unit_code
LEFT JOIN admin_units u ON u.code = t.ancestor_code
GROUP BY t.ancestor_code, u.name
ORDER BY t.ancestor_code NULLS LAST
