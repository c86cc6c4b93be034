-- Refreshes the oldest queued batch no other drain holds (see 0580_refresh_batches.sql); the
-- caller commits and calls again. Returns the rows refreshed (0 when nothing is left for it).
SELECT rp_refresh_drain()
