-- Whether the primary has written WAL up to $1: a position ahead of it was not handed out by the
-- service (forged or from another cluster), so no read waits for it.
SELECT pg_current_wal_lsn() >= $1::text::pg_lsn
