-- Roads, power lines and wells serving a site: inside or touching its geometry, or within the
-- service distance measured geodesically (geography ST_DWithin). The box in degrees lets the
-- geometry GiST indexes pick candidates first; it is widened for the latitude so it always
-- contains the geodesic circle. $1 site id, $2 service distance in metres.
WITH s AS (
  SELECT geom, geom::geography AS geog,
         ST_Expand(geom, $2::float8 / (111000 * cos(radians(least(abs(ST_YMax(geom)) + 1, 89)))) + 0.001, $2::float8 / 110000 + 0.001) AS box
  FROM sites WHERE id = $1::bigint)
SELECT 'roads' AS entity, r.code, r.name, r.status, ST_Length(r.geom::geography) AS length_m,
       ST_Distance(r.geom::geography, s.geog) AS distance_m, ST_Intersects(r.geom, s.geom) AS inside
FROM s JOIN roads r ON r.geom && s.box AND ST_DWithin(r.geom::geography, s.geog, $2::float8)
UNION ALL
SELECT 'power_lines' AS entity, l.code, l.name, l.status, ST_Length(l.geom::geography),
       ST_Distance(l.geom::geography, s.geog), ST_Intersects(l.geom, s.geom)
FROM s JOIN power_lines l ON l.geom && s.box AND ST_DWithin(l.geom::geography, s.geog, $2::float8)
UNION ALL
SELECT 'wells', w.code, w.name, w.status, 0,
       ST_Distance(w.geom::geography, s.geog), ST_Intersects(w.geom, s.geom)
FROM s JOIN wells w ON w.geom && s.box AND ST_DWithin(w.geom::geography, s.geog, $2::float8)
ORDER BY 1, 6, 2
