-- Background work (imports, rescoring, report snapshots) as rows that any instance can read:
-- Hangfire runs the work; this table is what users see at /api/jobs/{id}.
CREATE TABLE jobs (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL,
  status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  progress    double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  message     text,
  input       jsonb,
  result      jsonb,
  errors      jsonb NOT NULL DEFAULT '[]',
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  started_at  timestamptz,
  finished_at timestamptz
);
CREATE INDEX jobs_created_idx ON jobs (created_at DESC);
