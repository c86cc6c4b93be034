-- Scoring cache: every power line with status and voltage (kV), geometry as WKB.
SELECT id, code, status, NULL::text, voltage_kv::float8, name, ST_AsBinary(geom) FROM power_lines
