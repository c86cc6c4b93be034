-- Completed km and wells per month per unit (by completed_on of completed features), with the
-- running total since the first completion, so the from/to window does not reset the curve. Read
-- from the monthly sums of the completed parts (infra_month_sums, 0550_infra_sums.sql); the exact
-- (numeric) month sums become float8 before the running totals, which float8 adds faster.
-- $1 level, $2 unit code or null, $3 first month or null, $4 last month or null (first days of months).
WITH m AS (
  SELECT s.unit_code, s.month,
         (coalesce(sum(s.length_m) FILTER (WHERE s.entity = 'roads'), 0) / 1000)::float8 AS road_km,
         (coalesce(sum(s.length_m) FILTER (WHERE s.entity = 'power_lines'), 0) / 1000)::float8 AS power_line_km,
         coalesce(sum(s.parts) FILTER (WHERE s.entity = 'wells'), 0)::bigint AS wells
  FROM infra_month_sums s
  WHERE s.level = $1::text
    AND ($2::text IS NULL OR s.unit_code = $2::text)
    AND ($4::date IS NULL OR s.month < ($4::date + interval '1 month'))
  GROUP BY 1, 2),
c AS (
  SELECT m.*,
         sum(road_km) OVER w AS road_km_cumulative,
         sum(power_line_km) OVER w AS power_line_km_cumulative,
         sum(wells) OVER w AS wells_cumulative
  FROM m WINDOW w AS (PARTITION BY unit_code ORDER BY month))
SELECT c.unit_code, u.name, c.month, c.road_km, c.power_line_km, c.wells,
       c.road_km_cumulative, c.power_line_km_cumulative, c.wells_cumulative::bigint
FROM c JOIN admin_units u ON u.code = c.unit_code AND u.level = $1::text
WHERE $3::date IS NULL OR c.month >= $3::date
ORDER BY c.unit_code, c.month
