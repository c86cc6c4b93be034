-- A bulk refresh was queued as one row of all its ids and drained in one transaction. At national
-- scale (the 1.05M households of eight provinces) that one statement ran past the drain's one-hour
-- timeout, rolled back and began again, so the compliance figures never arrived. The queue now
-- holds at most rp_refresh_sync_limit() ids a row, and a drain refreshes one row: every drain
-- commits its share in bounded time, instances share the rows (SKIP LOCKED), and the queued count
-- the reports show falls as the work is done.

-- Queues ids for a projection, split into rows of at most the sync limit.
CREATE FUNCTION rp_refresh_enqueue(which text, ids bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO refresh_backlog (projection, ids)
  SELECT which, ids[i : i + rp_refresh_sync_limit() - 1]
  FROM generate_series(array_lower(ids, 1), array_upper(ids, 1), rp_refresh_sync_limit()) AS i
$$;

CREATE OR REPLACE FUNCTION rp_compliance_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  IF cardinality(ids) > rp_refresh_sync_limit() THEN PERFORM rp_refresh_enqueue('compliance', ids);
  ELSE PERFORM rp_compliance_refresh_now(ids); END IF;
END $$;

CREATE OR REPLACE FUNCTION rp_infra_recompute(entity text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NOT NULL AND cardinality(ids) > rp_refresh_sync_limit() THEN PERFORM rp_refresh_enqueue(entity, ids);
  ELSE PERFORM rp_infra_recompute_now(entity, ids); END IF;
END $$;

-- Takes the oldest queued row no other drain holds, refreshes its projection and removes it, in
-- the caller's transaction (a failed drain leaves it queued). Returns the rows refreshed (0 when
-- nothing is left for this caller); the caller drains again until then.
CREATE OR REPLACE FUNCTION rp_refresh_drain() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  DELETE FROM refresh_backlog b
  WHERE b.id = (SELECT q.id FROM refresh_backlog q ORDER BY q.id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING b.projection, b.ids INTO r;
  IF NOT FOUND THEN RETURN 0; END IF;
  IF r.projection = 'compliance' THEN PERFORM rp_compliance_refresh_now(r.ids);
  ELSE PERFORM rp_infra_recompute_now(r.projection, r.ids); END IF;
  RETURN cardinality(r.ids);
END $$;

-- What was queued before this migration, split the same way.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN DELETE FROM refresh_backlog WHERE cardinality(ids) > rp_refresh_sync_limit() RETURNING projection, ids LOOP
    PERFORM rp_refresh_enqueue(r.projection, r.ids);
  END LOOP;
END $$;

-- The compliance refresh looked each (unit, registration day)'s policy up by walking admin_units
-- recursively; with the nested loops the refresh turns off for big batches, every step was a
-- scan of all units, so a batch cost households x units (10,000 households of one province:
-- 125 s; 18 s through the closure). The closure answers it as rp_policy_for does (0520).
CREATE OR REPLACE FUNCTION rp_compliance_policy_for(unit text, on_day date) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT p.id FROM unit_ancestors a
  JOIN compliance_policies p ON p.region_code = a.ancestor_code AND on_day >= p.valid_from AND (p.valid_to IS NULL OR on_day <= p.valid_to)
  WHERE a.unit_code = unit
  ORDER BY a.depth LIMIT 1
$$;
