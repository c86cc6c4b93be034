-- Whether a job of this kind is already waiting or running (the change check enqueues one at most).
SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND status IN ('queued', 'running') AND created_at > now() - interval '1 hour')
