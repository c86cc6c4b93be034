-- A collection's bounding box (OGC collection documents, tile pre-building); null when empty.
-- {table} comes from the collection catalogue, never from a request.
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(geom) AS e FROM {table}) s
