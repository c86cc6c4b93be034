-- What a unit's wall map draws, as SVG path data in a local equirectangular frame (x = lon * cos of
-- the unit's mid latitude, y = -lat; one unit = one degree of latitude), so PostGIS clips, simplifies
-- and writes the shapes and the page only places them: the unit and its child units with label
-- points, roads and power lines clipped to the unit, wells, and sites with their households by
-- status (moved in; keys claimed, not yet moved; registered only), withdrawn households left out.
WITH RECURSIVE u AS (
  SELECT code, name, geom, cos(radians((ST_YMin(geom) + ST_YMax(geom)) / 2)) AS k,
         greatest(ST_XMax(geom) - ST_XMin(geom), ST_YMax(geom) - ST_YMin(geom)) / 4000 AS tol
  FROM admin_units WHERE code = @unit),
tree AS (
  SELECT code FROM u
  UNION ALL
  SELECT a.code FROM admin_units a JOIN tree t ON a.parent_code = t.code),
hh AS (
  SELECT s.site_code,
         count(*) FILTER (WHERE s.moved_in_on IS NOT NULL) AS moved,
         count(*) FILTER (WHERE s.moved_in_on IS NULL AND s.keys_claimed_on IS NOT NULL) AS keys,
         count(*) FILTER (WHERE s.moved_in_on IS NULL AND s.keys_claimed_on IS NULL) AS registered
  FROM household_status s
  WHERE s.unit_code IN (SELECT code FROM tree) AND s.withdrawn_on IS NULL
  GROUP BY s.site_code)
SELECT 'unit' AS layer, NULL AS kind, u.name AS label, ST_AsSVG(ST_Scale(ST_SimplifyPreserveTopology(u.geom, u.tol), u.k, 1), 0, 5) AS svg,
       ST_XMin(u.geom) * u.k AS x, -ST_YMax(u.geom) AS y, ST_XMax(u.geom) * u.k AS x2, -ST_YMin(u.geom) AS y2, 0::bigint AS moved, 0::bigint AS keys, 0::bigint AS registered
FROM u
UNION ALL
SELECT 'child', a.level, a.name, ST_AsSVG(ST_Scale(ST_SimplifyPreserveTopology(a.geom, u.tol), u.k, 1), 0, 5),
       ST_X(ST_PointOnSurface(a.geom)) * u.k, -ST_Y(ST_PointOnSurface(a.geom)), NULL, NULL, 0, 0, 0
FROM admin_units a, u WHERE a.parent_code = u.code
UNION ALL
SELECT 'road', r.status, r.name, ST_AsSVG(ST_Scale(ST_Intersection(r.geom, u.geom), u.k, 1), 0, 5), NULL, NULL, NULL, NULL, 0, 0, 0
FROM roads r, u WHERE ST_Intersects(r.geom, u.geom)
UNION ALL
SELECT 'power_line', p.status, p.name, ST_AsSVG(ST_Scale(ST_Intersection(p.geom, u.geom), u.k, 1), 0, 5), NULL, NULL, NULL, NULL, 0, 0, 0
FROM power_lines p, u WHERE ST_Intersects(p.geom, u.geom)
UNION ALL
SELECT 'well', w.status, w.name, NULL, ST_X(w.geom) * u.k, -ST_Y(w.geom), NULL, NULL, 0, 0, 0
FROM wells w, u WHERE ST_Intersects(w.geom, u.geom)
UNION ALL
SELECT 'site', s.site_type, s.name, CASE WHEN s.site_type = 'centralized' THEN ST_AsSVG(ST_Scale(s.geom, u.k, 1), 0, 6) END,
       ST_X(ST_PointOnSurface(s.geom)) * u.k, -ST_Y(ST_PointOnSurface(s.geom)), NULL, NULL,
       coalesce(h.moved, 0), coalesce(h.keys, 0), coalesce(h.registered, 0)
FROM sites s CROSS JOIN u LEFT JOIN hh h ON h.site_code = s.code
WHERE ST_Intersects(s.geom, u.geom)
UNION ALL
SELECT 'no_site', NULL, NULL, NULL, NULL, NULL, NULL, NULL, h.moved, h.keys, h.registered
FROM hh h WHERE h.site_code IS NULL
