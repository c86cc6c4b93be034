-- Deterministic road segments (setseed before): 3-vertex lines of about 0.3-6 km in a random
-- (Every LATERAL refers to i: an uncorrelated one would be evaluated once for all rows.)
-- direction from a random start in the area; statuses, classes, surfaces and completion dates
-- spread over 2014-2019. $1 first number, $2 count, $3 code prefix.
INSERT INTO roads (code, road_class, surface, status, started_on, completed_on, geom)
SELECT $3 || i,
       (ARRAY['national', 'provincial', 'county', 'township', 'village', 'other'])[1 + floor(random() * 6)::int],
       (ARRAY['asphalt', 'cement', 'gravel', 'earth'])[1 + floor(random() * 4)::int],
       s.status,
       CASE WHEN s.status <> 'planned' THEN d.day - 120 END,
       CASE WHEN s.status = 'completed' THEN d.day END,
       ST_MakeLine(ARRAY[ST_Point(x, y, 4326), ST_Point(x + dx, y + dy, 4326), ST_Point(x + 2 * dx + 0.003, y + 2 * dy, 4326)])
FROM generate_series($1::int, $1::int + $2::int - 1) i
CROSS JOIN LATERAL (SELECT 106.55 + random() * 4.85 + 0 * i AS x, 37.55 + random() * 3.3 AS y,
                           (random() - 0.5) * 0.03 AS dx, (random() - 0.5) * 0.025 AS dy) g
CROSS JOIN LATERAL (SELECT (ARRAY['planned', 'under_construction', 'completed', 'completed'])[1 + floor(random() * 4 + 0 * i)::int] AS status) s
CROSS JOIN LATERAL (SELECT date '2014-06-01' + floor(random() * 2000 + 0 * i)::int AS day) d
