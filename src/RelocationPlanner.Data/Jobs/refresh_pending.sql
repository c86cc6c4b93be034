-- Rows of the given projections queued for the background refresh: the reports' stale count.
SELECT rp_refresh_pending($1::text[])
