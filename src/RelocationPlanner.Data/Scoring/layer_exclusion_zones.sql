-- Scoring cache: stored exclusion zones (kind in the attribute column).
SELECT id, code, 'completed', kind, NULL::float8, name, ST_AsBinary(geom) FROM exclusion_zones
