-- Infrastructure report: one row per unit of a level and status, from the sums of the parts that
-- the write triggers clipped (0400_infrastructure.sql, summed by 0550_infra_sums.sql), so no line
-- is clipped and no part read at request time.
-- $1 level, $2 status, $3 completion year, $4 road class, $5 surface, $6 minimum kV.
WITH agg AS (
  SELECT s.unit_code, s.status,
         sum(s.length_m) FILTER (WHERE s.entity = 'roads'
             AND ($4::text IS NULL OR s.road_class = $4::text) AND ($5::text IS NULL OR s.surface = $5::text)) / 1000 AS road_km,
         sum(s.length_m) FILTER (WHERE s.entity = 'power_lines' AND ($6::numeric IS NULL OR s.voltage_kv >= $6::numeric)) / 1000 AS power_line_km,
         sum(s.parts) FILTER (WHERE s.entity = 'wells') AS wells
  FROM infra_sums s
  WHERE s.level = $1::text AND ($2::text IS NULL OR s.status = $2::text)
    AND ($3::int IS NULL OR s.year = $3::int)
  GROUP BY s.unit_code, s.status)
SELECT u.code, u.name, s.status, coalesce(a.road_km, 0)::float8 AS road_km, coalesce(a.power_line_km, 0)::float8 AS power_line_km,
       coalesce(a.wells, 0)::bigint AS wells
FROM admin_units u
CROSS JOIN unnest(ARRAY['planned', 'under_construction', 'completed']) WITH ORDINALITY AS s (status, ord)
LEFT JOIN agg a ON a.unit_code = u.code AND a.status = s.status
WHERE u.level = $1::text AND ($2::text IS NULL OR s.status = $2::text)
ORDER BY u.code, s.ord
