-- Scoring cache: every well with its status and type, geometry as WKB.
SELECT id, code, status, well_type, NULL::float8, name, ST_AsBinary(geom) FROM wells
