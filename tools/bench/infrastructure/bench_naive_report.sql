-- The naive alternative: clip every line against every county it touches at request time.
WITH r AS (
  SELECT u.code, t.status, sum(ST_Length(ST_Intersection(t.geom, u.geom)::geography)) / 1000 AS km
  FROM admin_units u JOIN roads t ON t.geom && u.geom AND ST_Intersects(t.geom, u.geom)
  WHERE u.level = 'county' GROUP BY 1, 2),
p AS (
  SELECT u.code, t.status, sum(ST_Length(ST_Intersection(t.geom, u.geom)::geography)) / 1000 AS km
  FROM admin_units u JOIN power_lines t ON t.geom && u.geom AND ST_Intersects(t.geom, u.geom)
  WHERE u.level = 'county' GROUP BY 1, 2),
w AS (
  SELECT u.code, t.status, count(*) AS n
  FROM admin_units u JOIN wells t ON ST_Intersects(t.geom, u.geom)
  WHERE u.level = 'county' GROUP BY 1, 2)
SELECT coalesce(r.code, p.code, w.code), coalesce(r.status, p.status, w.status), r.km, p.km, w.n
FROM r FULL JOIN p USING (code, status) FULL JOIN w USING (code, status)
