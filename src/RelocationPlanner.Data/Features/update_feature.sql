-- Replaces one feature's properties and geometry if the caller saw the current version
-- (optimistic concurrency: the ETag is the version); a null version replaces whatever is there
-- (an OGC API write without If-Match).
UPDATE {table} t SET ({columns}, geom) = (
  SELECT {select}, r.geom
  FROM (SELECT {columns}, $4::geometry AS geom FROM jsonb_populate_record(NULL::{table}, $1::jsonb) p) r)
WHERE t.id = $2 AND ($3::integer IS NULL OR t.version = $3)
RETURNING t.id, t.code, t.version
