-- Scoring cache: every town with its level (towns have no construction status: always usable).
SELECT id, code, 'completed' AS status, town_level AS attribute, population::float8 AS number, name, geom FROM towns
