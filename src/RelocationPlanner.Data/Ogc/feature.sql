-- A feature's columns for items.sql, items_counted.sql and item.sql: FeatureJson writes them as
-- GeoJSON (one writer of a feature). PostGIS writes the geometry in the response CRS; the
-- properties go out as their columns (json_build_object here cost more CPU than the whole write).
t.id, ST_AsGeoJSON({geometry}, {decimals}, 0) AS geometry, {t_columns}
