-- Moves the checked staging rows into the collection in file order: one statement, so the
-- statement-level history trigger writes all history rows at once.
INSERT INTO {table} ({columns}, geom)
SELECT {select}, r.geom
FROM (SELECT s.*, ST_GeomFromWKB(s.geom_wkb, 4326) AS geom FROM rp_import_stage s) r
ORDER BY r.row_no
