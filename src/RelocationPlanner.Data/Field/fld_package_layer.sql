-- One layer of the offline map inside the package's box, as a GeoJSON FeatureCollection text: the
-- collection's catalogue properties (the same {properties} OGC items carry), {geometry} clipped to
-- the box for lines (a site keeps its whole outline), at most 20,000 features in id order.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f), '[]'))::text
FROM (
  SELECT json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON({geometry}, 6)::json,
                           'properties', json_build_object({properties})) AS f
  FROM {table} t
  WHERE t.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326)
    AND ST_Intersects(t.geom, ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326))
  ORDER BY t.id
  LIMIT 20000) x
