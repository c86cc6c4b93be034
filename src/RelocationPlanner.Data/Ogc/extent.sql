-- A collection's bounding box for its OGC collection document.
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n
FROM (SELECT ST_Extent(geom) AS e, count(*) AS n FROM {table}) s
