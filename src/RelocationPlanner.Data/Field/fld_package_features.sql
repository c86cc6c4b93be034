-- The offline map's layers inside the package's box, as GeoJSON FeatureCollections (lines clipped
-- to the box; at most 20,000 features per layer). Sites keep their whole outline.
WITH env AS (SELECT ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326) AS e)
SELECT
  (SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'))::text FROM (
     SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(s.geom, 6)::json,
            'properties', json_build_object('code', s.code, 'name', s.name, 'kind', s.site_type, 'capacity', s.capacity_households)) AS f
     FROM sites s, env WHERE s.geom && env.e ORDER BY s.code LIMIT 20000) x) AS sites,
  (SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'))::text FROM (
     SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(ST_Intersection(r.geom, env.e), 6)::json,
            'properties', json_build_object('code', r.code, 'name', r.name, 'road_class', r.road_class, 'status', r.status)) AS f
     FROM roads r, env WHERE r.geom && env.e AND ST_Intersects(r.geom, env.e) ORDER BY r.code LIMIT 20000) x) AS roads,
  (SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'))::text FROM (
     SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(w.geom, 6)::json,
            'properties', json_build_object('code', w.code, 'name', w.name, 'well_type', w.well_type, 'status', w.status)) AS f
     FROM wells w, env WHERE w.geom && env.e ORDER BY w.code LIMIT 20000) x) AS wells,
  (SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'))::text FROM (
     SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(ST_Intersection(p.geom, env.e), 6)::json,
            'properties', json_build_object('code', p.code, 'name', p.name, 'voltage_kv', p.voltage_kv, 'status', p.status)) AS f
     FROM power_lines p, env WHERE p.geom && env.e AND ST_Intersects(p.geom, env.e) ORDER BY p.code LIMIT 20000) x) AS power_lines,
  (SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'))::text FROM (
     SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(t.geom, 6)::json,
            'properties', json_build_object('code', t.code, 'name', t.name, 'town_level', t.town_level)) AS f
     FROM towns t, env WHERE t.geom && env.e ORDER BY t.code LIMIT 20000) x) AS towns
FROM env
