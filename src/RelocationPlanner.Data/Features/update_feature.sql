-- Replaces one feature's properties and geometry if the caller saw the current version
-- (optimistic concurrency: the ETag is the version).
UPDATE {table} t SET ({columns}, geom) = (
  SELECT {select}, r.geom FROM jsonb_populate_record(NULL::{table}, $1::jsonb) r)
WHERE t.id = $2 AND t.version = $3
RETURNING t.id, t.code, t.version
