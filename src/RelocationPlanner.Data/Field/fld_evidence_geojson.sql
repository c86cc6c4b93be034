-- Where photos were taken, for the map: a FeatureCollection of points in a box (at most 5,000, newest first).
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY id DESC), '[]'))::text
FROM (
  SELECT e.id, json_build_object('type', 'Feature', 'id', e.id, 'geometry', ST_AsGeoJSON(e.position, 6)::json,
         'properties', json_build_object('id', e.id, 'household_code', h.code, 'site_code', coalesce(e.site_code, h.site_code),
                                         'step', e.step, 'taken_at', e.taken_at, 'flags', e.flags,
                                         'thumbnail', '/api/evidence/' || e.id || '/thumbnail')) AS f
  FROM evidence e LEFT JOIN households h ON h.id = e.household_id
  WHERE @minx::float8 IS NULL OR e.position && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326)
  ORDER BY e.id DESC
  LIMIT 5000) x
