-- Moves the checked staging rows into the collection in file order: one statement, so the
-- statement-level history trigger writes all history rows at once.
INSERT INTO {table} ({columns}, geom)
SELECT {select}, r.geom
FROM rp_import_stage r
ORDER BY r.row_no
