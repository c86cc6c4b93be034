-- One feature as GeoJSON text (feature.sql) with its version (the ETag), its geometry in the response CRS.
SELECT t.version, {feature} AS feature
FROM {table} t
WHERE t.id = {id}
