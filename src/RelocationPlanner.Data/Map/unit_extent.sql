-- The bounding box of one administrative unit, for "zoom the map to this unit" (dashboards).
SELECT code, name, name_en, level,
       ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
FROM admin_units
WHERE code = $1
