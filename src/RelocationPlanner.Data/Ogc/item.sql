-- One feature as GeoJSON text with its version (the ETag), its geometry in the response CRS.
SELECT t.version,
       '{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON({geometry}, {decimals}, 0)
         || ',"properties":' || json_build_object({properties})::text || '}' AS feature
FROM {table} t
WHERE t.id = {id}
