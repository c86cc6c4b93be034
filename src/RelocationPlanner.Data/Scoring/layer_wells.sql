-- Scoring cache: every well with its status and type.
SELECT id, code, status, well_type AS attribute, NULL::float8 AS number, name, geom FROM wells
