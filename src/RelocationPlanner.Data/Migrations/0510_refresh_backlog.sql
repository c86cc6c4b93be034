-- Bulk refreshes of the two trigger-kept projections leave the writing transaction. Projecting
-- a million imported households into compliance took about half of the household import (75 s
-- without the projection, 128 s with it), and clipping 200k imported roads into unit parts made
-- that import several times ogr2ogr's time. A refresh of more than the sync limit (setting
-- rp.refresh_sync_limit, default 20,000 rows; a database or role setting) is queued here, and a
-- background job (Hangfire: right after an import and every few seconds) drains the queue in its
-- own transaction. Smaller refreshes (an edit, a small import) stay in the writer's transaction.
-- Until the drain commits, the reports say how many rows are queued (stale): their figures are
-- those of the last drain, and they say so.

CREATE TABLE refresh_backlog (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  projection text NOT NULL CHECK (projection IN ('compliance', 'roads', 'power_lines', 'wells')),
  ids        bigint[] NOT NULL,
  queued_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION rp_refresh_sync_limit() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('rp.refresh_sync_limit', true), '')::integer, 20000)
$$;

ALTER FUNCTION rp_compliance_refresh(bigint[]) RENAME TO rp_compliance_refresh_now;

-- What the compliance triggers call: refresh now, or queue a bulk refresh.
CREATE FUNCTION rp_compliance_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  IF cardinality(ids) > rp_refresh_sync_limit() THEN
    INSERT INTO refresh_backlog (projection, ids) VALUES ('compliance', ids);
  ELSE
    PERFORM rp_compliance_refresh_now(ids);
  END IF;
END $$;

-- What the infrastructure triggers call: recompute the features' parts now, or queue them (the
-- parts of queued features are the ones before the statement, or none for new features).
CREATE OR REPLACE FUNCTION rp_infra_recompute(entity text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NOT NULL AND cardinality(ids) > rp_refresh_sync_limit() THEN
    INSERT INTO refresh_backlog (projection, ids) VALUES (entity, ids);
  ELSE
    PERFORM rp_infra_recompute_now(entity, ids);
  END IF;
END $$;

-- Takes every queued refresh that no other drain holds (SKIP LOCKED: instances share the work),
-- refreshes each projection in one set-based pass and removes the queue rows, in the caller's
-- transaction (a failed drain leaves the queue as it was). Returns the rows refreshed.
CREATE FUNCTION rp_refresh_drain() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  r record;
  total bigint := 0;
BEGIN
  FOR r IN
    WITH t AS (
      DELETE FROM refresh_backlog b
      WHERE b.id IN (SELECT q.id FROM refresh_backlog q ORDER BY q.id FOR UPDATE SKIP LOCKED)
      RETURNING b.projection, b.ids)
    SELECT t.projection, array_agg(DISTINCT x.id) AS ids FROM t CROSS JOIN LATERAL unnest(t.ids) AS x (id) GROUP BY t.projection
  LOOP
    IF r.projection = 'compliance' THEN PERFORM rp_compliance_refresh_now(r.ids);
    ELSE PERFORM rp_infra_recompute_now(r.projection, r.ids); END IF;
    total := total + cardinality(r.ids);
  END LOOP;
  RETURN total;
END $$;

-- Rows queued per projection (what a report shows as stale).
CREATE FUNCTION rp_refresh_pending(which text[]) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(cardinality(b.ids)), 0)::bigint FROM refresh_backlog b WHERE b.projection = ANY (which)
$$;
