-- Scoring cache: every road with what the profile filters on (status, class).
SELECT id, code, status, road_class AS attribute, NULL::float8 AS number, name, geom FROM roads
