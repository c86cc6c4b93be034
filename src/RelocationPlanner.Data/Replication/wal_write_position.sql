-- Where the primary's WAL stands after a request committed its writes: a standby that has replayed
-- up to here shows the writer everything the writer did (read-your-writes).
SELECT pg_current_wal_lsn()::text
