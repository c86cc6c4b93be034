-- The point a pre-built tile set is built for, read as the FIRST statement of a repeatable-read
-- transaction so all three come from one snapshot: the collection's data version, the highest
-- history id visible (all collections: the primary key answers it at once) and the transactions
-- still in progress. A history row not visible in this snapshot either has a higher id (written
-- later) or belongs to one of those transactions (its id was taken before the snapshot but it had
-- not committed yet), so the next change read finds every row exactly once.
SELECT COALESCE((SELECT version FROM data_versions WHERE entity = $1), 0) AS version,
       COALESCE((SELECT max(id) FROM history), 0) AS history_id,
       ARRAY(SELECT x::text::bigint FROM pg_snapshot_xip(pg_current_snapshot()) x) AS in_progress
