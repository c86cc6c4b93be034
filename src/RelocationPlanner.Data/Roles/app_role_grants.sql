-- What the application role (RP_DATABASE_URL) may do, re-applied by the owner role after every
-- migrate step so that new tables are covered: it owns nothing, so it can never ALTER, DROP or
-- TRUNCATE, and every table gets exactly the privileges below (earlier grants are revoked first).
-- Tables not listed get SELECT, INSERT, UPDATE, DELETE. Append-only tables get no UPDATE or DELETE
-- (their triggers refuse them as well); users and tokens are written only by `rp users` (owner).
-- The role's name arrives in the setting rp.app_role (identifiers cannot be bound parameters).
DO $$
DECLARE
  app text := current_setting('rp.app_role');
  t record;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public, hangfire TO %I', app);
  FOR t IN
    WITH narrowed (schema_name, table_name, privileges) AS (VALUES
      ('public', 'history',          'SELECT, INSERT'),
      ('public', 'milestones',       'SELECT, INSERT'),
      ('public', 'disbursements',    'SELECT, INSERT'),
      ('public', 'scoring_runs',     'SELECT, INSERT'),
      ('public', 'scoring_run_sites', 'SELECT, INSERT'),
      ('public', 'site_milestones',  'SELECT, INSERT'),
      ('public', 'site_expenditures', 'SELECT, INSERT'),
      ('public', 'reported_statistics', 'SELECT, INSERT'),
      ('public', 'field_packages',   'SELECT, INSERT'),
      ('public', 'idempotency_keys', 'SELECT, INSERT'),
      ('public', 'evidence',         'SELECT, INSERT'),
      ('public', 'inspections',      'SELECT, INSERT'),
      ('public', 'inspection_households', 'SELECT, INSERT'),
      ('public', 'inspection_results', 'SELECT, INSERT, UPDATE'),
      ('public', 'field_changes',    'SELECT, INSERT'),
      ('public', 'field_conflicts',  'SELECT, INSERT, UPDATE'),
      ('public', 'households',       'SELECT, INSERT, UPDATE'),
      ('public', 'household_status', 'SELECT, INSERT, UPDATE'),
      ('public', 'data_versions',    'SELECT, INSERT, UPDATE'),
      ('public', 'jobs',             'SELECT, INSERT, UPDATE'),
      ('public', 'users',            'SELECT'),
      ('public', 'api_tokens',       'SELECT, UPDATE (last_used_at)'),
      ('public', 'schema_migrations', 'SELECT'))
    SELECT c.oid::regclass AS rel, coalesce(w.privileges, 'SELECT, INSERT, UPDATE, DELETE') AS privileges
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN narrowed w ON w.schema_name = n.nspname AND w.table_name = c.relname
    WHERE n.nspname IN ('public', 'hangfire') AND c.relkind IN ('r', 'p', 'v', 'm')
      -- Extension tables (PostGIS's spatial_ref_sys) keep their own grants.
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %I', t.rel, app);
    EXECUTE format('GRANT %s ON %s TO %I', t.privileges, t.rel, app);
  END LOOP;
  EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public, hangfire FROM %I', app);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public, hangfire TO %I', app);
END $$
