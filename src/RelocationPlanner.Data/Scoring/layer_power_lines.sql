-- Scoring cache: every power line with status and voltage (kV).
SELECT id, code, status, NULL::text AS attribute, voltage_kv::float8 AS number, name, geom FROM power_lines
