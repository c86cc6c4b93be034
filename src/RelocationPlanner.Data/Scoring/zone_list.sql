-- Stored exclusion zones as GeoJSON geometries.
SELECT id, code, name, kind, ST_AsGeoJSON(geom)::text AS geojson FROM exclusion_zones ORDER BY code
