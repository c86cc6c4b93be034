-- Inserts a batch of validated features in one statement. Rows arrive as one JSON array typed
-- by the table's own row type; "geom" is hex EWKB. {table}/{columns}/{select} come from the
-- collection catalogue, never from a request.
INSERT INTO {table} ({columns}, geom)
SELECT {select}, r.geom
FROM jsonb_populate_recordset(NULL::{table}, $1::jsonb) r
RETURNING id, code, version
