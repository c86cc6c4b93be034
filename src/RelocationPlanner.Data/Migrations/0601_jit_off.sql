-- PostgreSQL compiles a statement to machine code (JIT) once its estimated cost passes 100,000,
-- and the service's reads are estimated high and run short: the household list's branches that a
-- page does not take still count in its estimate, so a national page spent 40-700 ms compiling to
-- run in 5-160 ms. Off for the database, as work_mem (0599_work_mem.sql) and on the same terms.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND pg_has_role(d.datdba, 'MEMBER')) THEN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
  ELSE
    RAISE NOTICE 'jit left as it is: % does not own database %', current_user, current_database();
  END IF;
END $$;
