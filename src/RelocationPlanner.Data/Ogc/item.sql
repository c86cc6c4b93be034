-- One feature's columns (feature.sql) with its version (the ETag), its geometry in the response CRS.
SELECT t.version, {feature}
FROM {table} t
WHERE t.id = {id}
