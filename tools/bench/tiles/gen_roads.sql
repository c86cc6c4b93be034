-- The 200k-road scale case for the tile benchmark: short random road segments (2-4 vertices,
-- ~0.3-3 km) spread over the Ordos area (106.5-111.5E, 37.5-40.9N). setseed makes it the same
-- data on every run. Goes straight into the table (the benchmark measures reads, not imports).
SELECT setseed(0.20160101);
INSERT INTO roads (code, name, road_class, surface, status, geom)
SELECT 'BENCH-' || g,
       NULL,
       (ARRAY['national','provincial','county','township','village','village','village','other'])[1 + floor(random() * 8)::int],
       (ARRAY['asphalt','cement','gravel','earth'])[1 + floor(random() * 4)::int],
       (ARRAY['planned','under_construction','completed','completed'])[1 + floor(random() * 4)::int],
       ST_MakeLine(ARRAY[
         ST_MakePoint(x, y),
         ST_MakePoint(x + dx, y + dy),
         ST_MakePoint(x + dx * 2 + jx, y + dy * 2 + jy)])
FROM (
  SELECT g,
         106.5 + random() * 5.0 AS x, 37.5 + random() * 3.4 AS y,
         (random() - 0.5) * 0.02 AS dx, (random() - 0.5) * 0.016 AS dy,
         (random() - 0.5) * 0.004 AS jx, (random() - 0.5) * 0.004 AS jy
  FROM generate_series(1, 200000) AS g
) s;
ANALYZE roads;
