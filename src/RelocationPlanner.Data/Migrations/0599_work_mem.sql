-- Sorts, hashes and bitmaps of a national database's reads need more than PostgreSQL's default
-- 4 MB of work_mem: a common name's 300k candidates made a lossy bitmap, so every household on
-- those pages was checked again (2.4 s a province's page instead of 0.2 s). Set for the database,
-- so every session of the service (and of PgBouncer) gets it; the role running the migrations
-- owns the database (tools/pg, docs/deployment.md), else the setting is left to the administrator.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND pg_has_role(d.datdba, 'MEMBER')) THEN
    EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '32MB');
  ELSE
    RAISE NOTICE 'work_mem left as it is: % does not own database %', current_user, current_database();
  END IF;
END $$;
