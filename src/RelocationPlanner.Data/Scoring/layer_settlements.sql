-- Scoring cache: existing settlements, for minimum-distance rules.
SELECT id, code, 'completed', NULL::text, population::float8, name, ST_AsBinary(geom) FROM settlements
