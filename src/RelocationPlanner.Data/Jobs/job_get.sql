-- One job as the API shows it.
SELECT id, kind, status, progress, message, result::text, errors::text, created_by, created_at, started_at, finished_at, input::text
FROM jobs WHERE id = $1
