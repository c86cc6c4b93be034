-- Infrastructure report: one row per unit of a level and status, summed from the parts that the
-- write triggers clipped (0400_infrastructure.sql), so no line is clipped at request time.
-- $1 level, $2 status, $3 completion year, $4 road class, $5 surface, $6 minimum kV.
WITH agg AS (
  SELECT p.unit_code, p.status,
         sum(p.length_m) FILTER (WHERE p.entity = 'roads'
             AND ($4::text IS NULL OR p.road_class = $4::text) AND ($5::text IS NULL OR p.surface = $5::text)) / 1000 AS road_km,
         sum(p.length_m) FILTER (WHERE p.entity = 'power_lines' AND ($6::numeric IS NULL OR p.voltage_kv >= $6::numeric)) / 1000 AS power_line_km,
         count(*) FILTER (WHERE p.entity = 'wells') AS wells
  FROM infra_unit_parts p
  WHERE p.level = $1::text AND ($2::text IS NULL OR p.status = $2::text)
    AND ($3::int IS NULL OR (p.completed_on >= make_date($3::int, 1, 1) AND p.completed_on < make_date($3::int + 1, 1, 1)))
  GROUP BY p.unit_code, p.status)
SELECT u.code, u.name, s.status, coalesce(a.road_km, 0) AS road_km, coalesce(a.power_line_km, 0) AS power_line_km, coalesce(a.wells, 0) AS wells
FROM admin_units u
CROSS JOIN unnest(ARRAY['planned', 'under_construction', 'completed']) WITH ORDINALITY AS s (status, ord)
LEFT JOIN agg a ON a.unit_code = u.code AND a.status = s.status
WHERE u.level = $1::text AND ($2::text IS NULL OR s.status = $2::text)
ORDER BY u.code, s.ord
