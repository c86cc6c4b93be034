-- The area a package covers: its households' sites and origins, else the unit asked for, widened
-- by about 2 km so the roads leading in are on the offline map.
WITH places AS (
  SELECT s.geom FROM households h JOIN sites s ON s.code = h.site_code WHERE h.id = ANY (@ids)
  UNION ALL
  SELECT o.geom FROM households h JOIN settlements o ON o.code = h.origin_settlement_code WHERE h.id = ANY (@ids)
  UNION ALL
  SELECT s.geom FROM sites s WHERE s.code = ANY (@sites)),
box AS (
  SELECT coalesce((SELECT ST_Extent(geom) FROM places), (SELECT ST_Extent(geom) FROM admin_units WHERE code = @unit))::geometry AS b)
SELECT ARRAY[ST_XMin(b) - 0.02, ST_YMin(b) - 0.02, ST_XMax(b) + 0.02, ST_YMax(b) + 0.02]::float8[] FROM box WHERE b IS NOT NULL
