-- One feature as GeoJSON text with its version (the ETag).
SELECT t.version,
       json_build_object('type', 'Feature', 'id', t.id,
                         'geometry', ST_AsGeoJSON(t.geom, 7)::json,
                         'properties', json_build_object({properties}))::text
FROM {table} t
WHERE t.id = $1
