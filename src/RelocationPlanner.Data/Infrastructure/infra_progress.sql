-- Plan vs completed per unit: km (and wells) by construction status from the clipped parts.
-- $1 level.
SELECT u.code, u.name,
       coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'roads' AND p.status = 'planned'), 0) / 1000 AS road_planned_km,
       coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'roads' AND p.status = 'under_construction'), 0) / 1000 AS road_under_construction_km,
       coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'roads' AND p.status = 'completed'), 0) / 1000 AS road_completed_km,
       coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'power_lines' AND p.status = 'planned'), 0) / 1000 AS power_line_planned_km,
       coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'power_lines' AND p.status = 'under_construction'), 0) / 1000 AS power_line_under_construction_km,
       coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'power_lines' AND p.status = 'completed'), 0) / 1000 AS power_line_completed_km,
       count(*) FILTER (WHERE p.entity = 'wells' AND p.status = 'planned') AS wells_planned,
       count(*) FILTER (WHERE p.entity = 'wells' AND p.status = 'under_construction') AS wells_under_construction,
       count(*) FILTER (WHERE p.entity = 'wells' AND p.status = 'completed') AS wells_completed
FROM admin_units u
LEFT JOIN infra_unit_parts p ON p.unit_code = u.code AND p.level = u.level
WHERE u.level = $1::text
GROUP BY u.code, u.name
ORDER BY u.code
