-- Progress from a running job (monotonic: a late write never moves the bar backwards).
UPDATE jobs SET status = 'running', started_at = coalesce(started_at, now()),
       progress = greatest(progress, $2), message = coalesce($3, message)
WHERE id = $1 AND status IN ('queued', 'running')
