-- Gives up the run lock of job_claim.sql (pooled connections keep session locks otherwise).
SELECT pg_advisory_unlock(hashtextextended('rp.job:' || $1::text, 0))
