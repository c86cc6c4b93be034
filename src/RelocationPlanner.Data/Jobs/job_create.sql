-- Records a job before the queue is asked to run it, so its id can be answered at once (202).
INSERT INTO jobs (id, kind, input, created_by) VALUES ($1, $2, $3::jsonb, $4)
