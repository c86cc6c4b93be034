-- pgbench: the statement the service sends for one OGC items request with a CQL2 filter on a
-- view not counted yet (items_counted.sql with feature.sql and this filter): the page and its
-- numberMatched in one, on a random map view of about 0.2 x 0.15 degrees. The rows are a feature's
-- columns, its geometry as GeoJSON; the service writes the feature JSON from them (FeatureJson).
\set x0 random(106700, 111300)
\set y0 random(37600, 40750)
WITH matched AS MATERIALIZED (SELECT t.id FROM roads t WHERE true AND (t.road_class IN ('county', 'township', 'village')
  AND ST_Intersects(t.geom, ST_MakeEnvelope(:x0 / 1000.0, :y0 / 1000.0, :x0 / 1000.0 + 0.2, :y0 / 1000.0 + 0.15, 4326)))),
page AS (SELECT id FROM matched WHERE id > 0 ORDER BY id LIMIT 100)
SELECT n.matched, t.id, ST_AsGeoJSON(t.geom, 7, 0) AS geometry, t.code, t.name, t.road_class, t.surface, t.status,
       t.planned_on, t.started_on, t.completed_on
FROM (SELECT count(*) AS matched FROM matched) n
LEFT JOIN (page JOIN roads t ON t.id = page.id) ON true
ORDER BY t.id;
