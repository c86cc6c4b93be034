-- Scoring cache: stored exclusion zones (kind in the attribute column).
SELECT id, code, 'completed' AS status, kind AS attribute, NULL::float8 AS number, name, geom FROM exclusion_zones
