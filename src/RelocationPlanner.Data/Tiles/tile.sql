-- One Mapbox vector tile of a collection, built by PostGIS. The tile envelope (EPSG:3857, with a
-- small margin so lines do not end at tile edges) is transformed to the storage SRID for the
-- index filter; the column itself is only transformed for the rows that pass the filter.
-- Properties = the collection's contract + id; the MVT feature id is the row id as well.
-- {filter} is the catalogue's generalisation at small scales (e.g. only major roads below z12).
WITH env AS (
  SELECT ST_TileEnvelope($1, $2, $3) AS tile,
         ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.02), 4326) AS filter
),
rows AS (
  SELECT ST_AsMVTGeom(ST_Transform(t.geom, 3857), env.tile, 4096, 64, true) AS mvt_geom,
         t.id AS fid, t.id, {columns}
  FROM {table} t, env
  WHERE t.geom && env.filter {filter}
)
SELECT ST_AsMVT(rows.*, $4, 4096, 'mvt_geom', 'fid')
FROM rows
WHERE rows.mvt_geom IS NOT NULL
