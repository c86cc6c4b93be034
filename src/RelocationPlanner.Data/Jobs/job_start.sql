-- A run of a job begins: running, progress back to 0 (a run retried after its process died starts
-- over; the message says so). Finished jobs are left alone and report false.
UPDATE jobs SET status = 'running', started_at = coalesce(started_at, now()), progress = 0,
       message = CASE WHEN status = 'running' THEN 'restarted' ELSE 'started' END
WHERE id = $1 AND status IN ('queued', 'running')
RETURNING true
