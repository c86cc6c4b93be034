-- Taken by the process that runs a job, for as long as it runs: a second delivery of the same job
-- (another instance, or a retry) cannot run it alongside. A session lock ends with its connection,
-- so a killed process leaves no lock behind.
SELECT pg_try_advisory_lock(hashtextextended('rp.job:' || $1::text, 0))
