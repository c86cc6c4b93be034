-- A job's end: succeeded with a result, or failed with errors. Only once: a job already finished
-- (e.g. inside its own data transaction) keeps its first ending.
UPDATE jobs SET status = $2, progress = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress END,
       result = $3::jsonb, errors = coalesce($4::jsonb, '[]'), finished_at = now(), message = $5
WHERE id = $1 AND status IN ('queued', 'running')
