-- One page of a collection as GeoJSON Feature texts written by PostGIS, filtered by a bbox in
-- the storage SRID (the column is never transformed, so the GiST index is used) and paged by
-- id (keyset: deep pages cost the same as the first).
SELECT t.id,
       json_build_object('type', 'Feature', 'id', t.id,
                         'geometry', ST_AsGeoJSON(t.geom, 7)::json,
                         'properties', json_build_object({properties}))::text
FROM {table} t
WHERE t.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
  AND ST_Intersects(t.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))
  AND t.id > $5
ORDER BY t.id
LIMIT $6
