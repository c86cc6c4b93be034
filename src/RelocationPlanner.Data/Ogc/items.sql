-- One page of a collection as GeoJSON Feature texts written by PostGIS. {where} holds the
-- request's conditions (bbox, datetime, CQL2 filter, queryable parameters) as parameterised SQL
-- over catalogue columns; the column itself is never transformed, so GiST indexes serve the
-- spatial conditions. {geometry} transforms only the rows returned to the response CRS (axes
-- flipped for latitude- or northing-first CRSs). Paged by id (keyset: deep pages cost the same
-- as the first). {table}, {properties} come from the collection catalogue, never a request.
-- The Feature is concatenated text: ST_AsGeoJSON's text is not parsed again as json (a third
-- of the time of a page).
SELECT t.id,
       '{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON({geometry}, {decimals}, 0)
         || ',"properties":' || json_build_object({properties})::text || '}' AS feature
FROM {table} t
WHERE t.id > {after}{where}
ORDER BY t.id
LIMIT {limit}
