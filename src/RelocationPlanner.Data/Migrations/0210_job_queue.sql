-- Background work now runs on Hangfire's tables (schema hangfire, installed by the migrate step
-- right after these files). The previous scheduler kept its own tables (qrtz_*) in public: drop
-- whatever of them an older database still has.
-- A job retried after its process died must not store a second scoring run: one run per job.
DO $$
DECLARE t regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'qrtz\_%'
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS %s CASCADE', t);
  END LOOP;
END $$;

CREATE UNIQUE INDEX scoring_runs_job_idx ON scoring_runs (job_id);
