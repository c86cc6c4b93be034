-- Deterministic power-line segments, 2-vertex, about 1-10 km; $1 count.
INSERT INTO power_lines (code, voltage_kv, status, started_on, completed_on, geom)
SELECT 'BP' || i, (ARRAY[10, 35, 110, 220])[1 + floor(random() * 4)::int], s.status,
       CASE WHEN s.status <> 'planned' THEN d.day - 90 END,
       CASE WHEN s.status = 'completed' THEN d.day END,
       ST_MakeLine(ST_Point(x, y, 4326), ST_Point(x + (random() - 0.5) * 0.12, y + (random() - 0.5) * 0.1, 4326))
FROM generate_series(1, $1::int) i
CROSS JOIN LATERAL (SELECT 106.6 + random() * 4.8 + 0 * i AS x, 37.6 + random() * 3.2 AS y) g
CROSS JOIN LATERAL (SELECT (ARRAY['planned', 'under_construction', 'completed'])[1 + floor(random() * 3 + 0 * i)::int] AS status) s
CROSS JOIN LATERAL (SELECT date '2014-06-01' + floor(random() * 2000 + 0 * i)::int AS day) d
