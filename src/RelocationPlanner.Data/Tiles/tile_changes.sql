-- The changes of one collection since a pre-built tile set's mark (tile_mark.sql): rows written
-- after the mark's highest history id, plus the rows of transactions that were still running at
-- the mark (their ids can be lower). Gives per change whether it was a bulk insert (one row for
-- the whole statement, no geometries) and the bounds of its old and new geometry (EWKT under
-- "geom"). At most $4 + 1 rows: one more than the caller takes for a small change.
-- $1 entity, $2 the mark's history id, $3 transactions in progress at the mark, $4 row limit.
WITH changed AS (
  (SELECT h.id, h.op, h.entity_ids, h.old_values, h.new_values
   FROM history h
   WHERE h.id > $2 AND h.entity = $1
   ORDER BY h.id
   LIMIT $4 + 1)
  UNION ALL
  (SELECT h.id, h.op, h.entity_ids, h.old_values, h.new_values
   FROM history h
   WHERE cardinality($3::bigint[]) > 0 AND h.entity = $1 AND h.id <= $2 AND h.tx_id = ANY($3::bigint[])
   LIMIT $4 + 1)
)
SELECT c.op, c.entity_ids IS NOT NULL AS bulk,
       ST_XMin(g.o) AS old_min_x, ST_YMin(g.o) AS old_min_y, ST_XMax(g.o) AS old_max_x, ST_YMax(g.o) AS old_max_y,
       ST_XMin(g.n) AS new_min_x, ST_YMin(g.n) AS new_min_y, ST_XMax(g.n) AS new_max_x, ST_YMax(g.n) AS new_max_y
FROM changed c
CROSS JOIN LATERAL (SELECT ST_GeomFromEWKT(c.old_values ->> 'geom') AS o,
                           ST_GeomFromEWKT(c.new_values ->> 'geom') AS n) g
ORDER BY c.id
LIMIT $4 + 1
