-- Refreshes every queued bulk refresh no other drain holds (see 0510_refresh_backlog.sql); the
-- caller commits. Returns the rows refreshed (0 when the queue was empty).
SELECT rp_refresh_drain()
