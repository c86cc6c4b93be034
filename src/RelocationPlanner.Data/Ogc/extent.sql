-- A collection's bounding box (OGC collection documents, tile pre-building); null when empty.
-- {table} comes from the collection catalogue, never from a request.
SELECT ST_XMin(e) AS min_lon, ST_YMin(e) AS min_lat, ST_XMax(e) AS max_lon, ST_YMax(e) AS max_lat
FROM (SELECT ST_Extent(geom) AS e FROM {table}) s
