-- Plan vs completed per unit: km (and wells) by construction status, from the sums of the clipped
-- parts (0550_infra_sums.sql). $1 level.
WITH agg AS (
  SELECT s.unit_code,
         sum(s.length_m) FILTER (WHERE s.entity = 'roads' AND s.status = 'planned') AS road_planned,
         sum(s.length_m) FILTER (WHERE s.entity = 'roads' AND s.status = 'under_construction') AS road_under_construction,
         sum(s.length_m) FILTER (WHERE s.entity = 'roads' AND s.status = 'completed') AS road_completed,
         sum(s.length_m) FILTER (WHERE s.entity = 'power_lines' AND s.status = 'planned') AS power_line_planned,
         sum(s.length_m) FILTER (WHERE s.entity = 'power_lines' AND s.status = 'under_construction') AS power_line_under_construction,
         sum(s.length_m) FILTER (WHERE s.entity = 'power_lines' AND s.status = 'completed') AS power_line_completed,
         sum(s.parts) FILTER (WHERE s.entity = 'wells' AND s.status = 'planned') AS wells_planned,
         sum(s.parts) FILTER (WHERE s.entity = 'wells' AND s.status = 'under_construction') AS wells_under_construction,
         sum(s.parts) FILTER (WHERE s.entity = 'wells' AND s.status = 'completed') AS wells_completed
  FROM infra_sums s
  WHERE s.level = $1::text
  GROUP BY s.unit_code)
SELECT u.code, u.name,
       (coalesce(a.road_planned, 0) / 1000)::float8 AS road_planned_km,
       (coalesce(a.road_under_construction, 0) / 1000)::float8 AS road_under_construction_km,
       (coalesce(a.road_completed, 0) / 1000)::float8 AS road_completed_km,
       (coalesce(a.power_line_planned, 0) / 1000)::float8 AS power_line_planned_km,
       (coalesce(a.power_line_under_construction, 0) / 1000)::float8 AS power_line_under_construction_km,
       (coalesce(a.power_line_completed, 0) / 1000)::float8 AS power_line_completed_km,
       coalesce(a.wells_planned, 0)::bigint AS wells_planned,
       coalesce(a.wells_under_construction, 0)::bigint AS wells_under_construction,
       coalesce(a.wells_completed, 0)::bigint AS wells_completed
FROM admin_units u
LEFT JOIN agg a ON a.unit_code = u.code
WHERE u.level = $1::text
ORDER BY u.code
