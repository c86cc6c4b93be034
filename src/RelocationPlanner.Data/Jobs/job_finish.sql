-- A job's end: succeeded with a result, or failed with errors.
UPDATE jobs SET status = $2, progress = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress END,
       result = $3::jsonb, errors = coalesce($4::jsonb, '[]'), finished_at = now(), message = $5
WHERE id = $1
