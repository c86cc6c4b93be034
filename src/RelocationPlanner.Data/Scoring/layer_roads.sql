-- Scoring cache: every road with what the profile filters on (status, class), geometry as WKB.
SELECT id, code, status, road_class, NULL::float8, name, ST_AsBinary(geom) FROM roads
