-- Scoring cache: every town with its level (towns have no construction status: always usable).
SELECT id, code, 'completed', town_level, population::float8, name, ST_AsBinary(geom) FROM towns
