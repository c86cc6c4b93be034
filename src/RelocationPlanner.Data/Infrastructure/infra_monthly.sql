-- Completed km and wells per month per unit (by completed_on of completed features), with the
-- running total since the first completion, so the from/to window does not reset the curve.
-- $1 level, $2 unit code or null, $3 first month or null, $4 last month or null.
WITH m AS (
  SELECT p.unit_code, date_trunc('month', p.completed_on)::date AS month,
         coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'roads'), 0) / 1000 AS road_km,
         coalesce(sum(p.length_m) FILTER (WHERE p.entity = 'power_lines'), 0) / 1000 AS power_line_km,
         count(*) FILTER (WHERE p.entity = 'wells') AS wells
  FROM infra_unit_parts p
  WHERE p.level = $1::text AND p.status = 'completed' AND p.completed_on IS NOT NULL
    AND ($2::text IS NULL OR p.unit_code = $2::text)
    AND ($4::date IS NULL OR p.completed_on < ($4::date + interval '1 month'))
  GROUP BY 1, 2),
c AS (
  SELECT m.*,
         sum(road_km) OVER w AS road_km_cumulative,
         sum(power_line_km) OVER w AS power_line_km_cumulative,
         sum(wells) OVER w AS wells_cumulative
  FROM m WINDOW w AS (PARTITION BY unit_code ORDER BY month))
SELECT c.unit_code, u.name, c.month, c.road_km, c.power_line_km, c.wells,
       c.road_km_cumulative, c.power_line_km_cumulative, c.wells_cumulative::bigint
FROM c JOIN admin_units u ON u.code = c.unit_code
WHERE $3::date IS NULL OR c.month >= $3::date
ORDER BY c.unit_code, c.month
