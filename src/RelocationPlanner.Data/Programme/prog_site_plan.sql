-- A site's plan as stored (the arrays as sent, the derived totals, who changed it last).
SELECT houses::text AS houses, facilities::text AS facilities, budget::text AS budget, houses_planned, floor_area_m2, budget_total,
       version, updated_at, updated_by
FROM site_plans WHERE site_id = @site_id
