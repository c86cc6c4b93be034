-- The run a job stored already (its retry stores none of its own).
SELECT id, created_at FROM scoring_runs WHERE job_id = $1
