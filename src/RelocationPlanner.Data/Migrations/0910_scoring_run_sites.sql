-- A scoring run's results as one row per site instead of one jsonb document: the nation's
-- 735k sites made a document past jsonb's 256 MB limit (the run could not be stored at all), and
-- reading a run meant parsing all of it. Numbered after 0900 because it changes the history
-- tracking that 0900 attached to scoring_runs.
--
-- No history of its own, like the other derived tables (infra_unit_pieces, the report sums): the
-- rows are written once, in the transaction that inserts their run, and never changed (the
-- service's role may only SELECT and INSERT them); the run's own history row says who stored it
-- and when. No foreign key to sites: a run keeps the results of sites deleted since.
CREATE TABLE scoring_run_sites (
  run_id    bigint NOT NULL REFERENCES scoring_runs (id) ON DELETE CASCADE,
  site_id   bigint NOT NULL,
  code      text,
  score     double precision NOT NULL,
  excluded  boolean NOT NULL,
  reasons   text[] NOT NULL,
  criteria  jsonb NOT NULL,           -- [{criterion, distance_m, network_distance_m?, score, weight}]
  PRIMARY KEY (run_id, site_id)
);

INSERT INTO scoring_run_sites (run_id, site_id, code, score, excluded, reasons, criteria)
SELECT r.id, (e->>'site_id')::bigint, e->>'code', (e->>'score')::double precision, (e->>'excluded')::boolean,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(e->'reasons', '[]'))), coalesce(e->'criteria', '[]')
FROM scoring_runs r, jsonb_array_elements(r.results) e
ORDER BY r.id, (e->>'site_id')::bigint;

ALTER TABLE scoring_runs DROP COLUMN results;

-- 0900 kept the results out of the runs' history; with the column gone, the triggers are
-- attached again without that exception (a run's history row is its metadata, as before).
DROP TRIGGER history_ins ON scoring_runs;
DROP TRIGGER history_upd ON scoring_runs;
DROP TRIGGER history_del ON scoring_runs;
SELECT rp_track_plain('scoring_runs', 'profile_code');
