-- Stores an exclusion zone (polygons promoted to multipolygons).
INSERT INTO exclusion_zones (code, name, kind, geom)
VALUES ($1, $2, $3, ST_Multi($4))
RETURNING id, version
