-- Deterministic wells; $1 count.
INSERT INTO wells (code, well_type, status, geom)
SELECT 'BW' || i, 'electromechanical', (ARRAY['planned', 'completed'])[1 + floor(random() * 2)::int],
       ST_Point(106.55 + random() * 4.9, 37.55 + random() * 3.3, 4326)
FROM generate_series(1, $1::int) i
