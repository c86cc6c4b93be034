-- Whether this server shows everything up to WAL position $1: a primary always does, a hot standby
-- once it has replayed that far.
SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= $1::text::pg_lsn
