-- Staging table of one import: rows arrive by binary COPY as they are validated, are checked
-- together against stored data, then moved into the collection by one INSERT ... SELECT.
-- A temp table dies with the transaction, so a crashed import leaves nothing behind.
-- The column list comes from the collection catalogue, never from a request.
CREATE TEMP TABLE rp_import_stage (
  row_no   bigint NOT NULL,
  {stage_columns},
  geom     geometry(Geometry, 4326) NOT NULL
) ON COMMIT DROP
