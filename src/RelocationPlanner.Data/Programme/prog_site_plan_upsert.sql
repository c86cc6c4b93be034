-- Stores a site's whole plan (replacing the previous one; the history trigger keeps it), with the
-- totals the reports read derived here from the arrays: houses = sum of counts, floor area = sum of
-- count x floor_area_m2, budget = sum of the sources' amounts (exact numeric arithmetic).
INSERT INTO site_plans AS p (site_id, houses, facilities, budget, houses_planned, floor_area_m2, budget_total)
SELECT @site_id, v.h, v.f, v.b,
       (SELECT coalesce(sum((x ->> 'count')::int), 0) FROM jsonb_array_elements(v.h) x),
       (SELECT coalesce(sum((x ->> 'count')::int * (x ->> 'floor_area_m2')::numeric), 0) FROM jsonb_array_elements(v.h) x),
       (SELECT coalesce(sum((x ->> 'amount')::numeric), 0) FROM jsonb_array_elements(v.b) x)
FROM (SELECT @houses::jsonb AS h, @facilities::jsonb AS f, @budget::jsonb AS b) v
ON CONFLICT (site_id) DO UPDATE SET houses = EXCLUDED.houses, facilities = EXCLUDED.facilities, budget = EXCLUDED.budget,
  houses_planned = EXCLUDED.houses_planned, floor_area_m2 = EXCLUDED.floor_area_m2, budget_total = EXCLUDED.budget_total
RETURNING version
