-- The bounding box of one administrative unit, for "zoom the map to this unit" (dashboards).
SELECT code, name, name_en, level,
       ST_XMin(geom) AS min_lon, ST_YMin(geom) AS min_lat, ST_XMax(geom) AS max_lon, ST_YMax(geom) AS max_lat
FROM admin_units
WHERE code = $1
