-- Scoring cache: existing settlements, for minimum-distance rules.
SELECT id, code, 'completed' AS status, NULL::text AS attribute, population::float8 AS number, name, geom FROM settlements
