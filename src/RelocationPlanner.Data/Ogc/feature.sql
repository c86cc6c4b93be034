-- A feature as GeoJSON text, for items.sql, items_counted.sql and item.sql (one writer of a
-- feature): concatenated text, because ST_AsGeoJSON's text parsed again as json is a third of
-- the time of a page. The geometry comes in the response CRS, the properties from the catalogue.
'{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON({geometry}, {decimals}, 0)
  || ',"properties":' || json_build_object({properties})::text || '}'
