-- Reported figures of one year beside what the registry and the infrastructure tables hold for the
-- same unit (and everything below it) and year: households and people registered in the year
-- (registration_sums), km of roads and power lines and wells completed in the year (infra_unit_parts,
-- at the unit's own level, or its cities' for a province). A unit that reported more than one value
-- of an indicator is shown with the count and no value: which one holds is not for us to guess.
WITH rep AS (
  SELECT r.unit_code, r.indicator, count(*) AS reported_count, CASE WHEN count(*) = 1 THEN min(r.value) END AS reported
  FROM reported_statistics r
  WHERE r.year_from = @year AND r.year_to = @year AND r.indicator = ANY (@indicators)
  GROUP BY r.unit_code, r.indicator),
units AS (
  SELECT DISTINCT rep.unit_code, u.name AS unit_name, u.level
  FROM rep LEFT JOIN admin_units u ON u.code = rep.unit_code
  WHERE (@level::text IS NULL OR u.level = @level::text)
    AND (@unit::text IS NULL OR rep.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = @unit::text))),
below AS (
  SELECT a.ancestor_code, a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code IN (SELECT unit_code FROM units)),
reg AS (
  SELECT b.ancestor_code AS unit_code, sum(s.households) AS households, sum(s.people) AS people
  FROM registration_sums s JOIN below b ON b.unit_code = s.unit_code
  WHERE s.registered_on BETWEEN make_date(@year, 1, 1) AND make_date(@year, 12, 31)
  GROUP BY b.ancestor_code),
infra AS (
  SELECT u.unit_code,
         sum(p.length_m) FILTER (WHERE p.entity = 'roads') / 1000 AS road_km,
         sum(p.length_m) FILTER (WHERE p.entity = 'power_lines') / 1000 AS power_line_km,
         count(*) FILTER (WHERE p.entity = 'wells') AS wells
  FROM units u JOIN below b ON b.ancestor_code = u.unit_code
  JOIN infra_unit_parts p ON p.unit_code = b.unit_code AND p.level = CASE WHEN u.level = 'province' THEN 'city' ELSE u.level END
  WHERE p.status = 'completed' AND p.completed_on BETWEEN make_date(@year, 1, 1) AND make_date(@year, 12, 31)
  GROUP BY u.unit_code)
SELECT u.unit_code, u.unit_name, u.level IS NOT NULL AS registered_unit, rep.indicator, rep.reported_count, rep.reported,
       CASE rep.indicator
         WHEN 'relocated_households' THEN coalesce(reg.households, 0)
         WHEN 'relocated_people' THEN coalesce(reg.people, 0)
         WHEN 'road_km' THEN coalesce(round(infra.road_km::numeric, 3), 0)
         WHEN 'power_line_km' THEN coalesce(round(infra.power_line_km::numeric, 3), 0)
         WHEN 'wells' THEN coalesce(infra.wells, 0)
       END AS registry
FROM units u
JOIN rep ON rep.unit_code = u.unit_code
LEFT JOIN reg ON reg.unit_code = u.unit_code
LEFT JOIN infra ON infra.unit_code = u.unit_code
ORDER BY u.unit_code, array_position(@indicators, rep.indicator)
