-- One job as the API shows it.
SELECT id, kind, status, progress, message, result::text AS result, errors::text AS errors, created_by, created_at, started_at, finished_at, input::text AS input
FROM jobs WHERE id = $1
