-- The infrastructure reports from sums instead of parts: they grouped infra_unit_parts (one row
-- per feature and unit, geometry included: 2.4M rows at eight provinces) on every request, 3-13 s
-- at county level. The parts' lengths and counts are summed here per everything a report groups or
-- filters by (level, unit, entity, status, completion year, road class, surface, voltage), and the
-- completed ones per month, so a county report reads some hundred rows per county instead of its
-- parts. Statement triggers on the parts table keep the sums: whatever writes or deletes parts
-- (rp_infra_recompute_now for edits, imports and the background drain; the feature triggers'
-- deletes) moves the sums in the same statement and transaction: no second copy of the clipping,
-- and a report sees the sums and the refresh backlog as of one snapshot.
-- Lengths are numeric: what is added and later taken away cancels exactly, so the sums cannot
-- drift from the parts however many edits pass through them.

CREATE TABLE infra_sums (
  level      text NOT NULL,
  unit_code  text NOT NULL,
  entity     text NOT NULL,
  status     text NOT NULL,
  year       integer,  -- completed_on's year (NULL when not completed): the report's completion year
  road_class text,
  surface    text,
  voltage_kv numeric(7, 2),
  parts      bigint NOT NULL,
  length_m   numeric NOT NULL,
  CONSTRAINT infra_sums_key UNIQUE NULLS NOT DISTINCT (level, unit_code, entity, status, year, road_class, surface, voltage_kv)
);

-- Completed parts per month: the monthly report, which filters by nothing else (a month per row
-- in infra_sums would multiply its rows by twelve for the other reports).
CREATE TABLE infra_month_sums (
  level     text NOT NULL,
  unit_code text NOT NULL,
  month     date NOT NULL,  -- the first day of completed_on's month
  entity    text NOT NULL,
  parts     bigint NOT NULL,
  length_m  numeric NOT NULL,
  PRIMARY KEY (level, unit_code, month, entity)
);

-- The keys a statement emptied, found without a scan (they are deleted at once).
CREATE INDEX infra_sums_empty_idx ON infra_sums (level) WHERE parts = 0;
CREATE INDEX infra_month_sums_empty_idx ON infra_month_sums (level) WHERE parts = 0;

-- The statement that adds a set of parts (sign -1 for removed ones) to both tables, as text for
-- the caller to EXECUTE (transition tables are visible to the trigger function's own statements
-- only). Keys are written in key order, so two writers lock shared rows in the same order.
CREATE FUNCTION rp_infra_sums_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH r AS MATERIALIZED (
      SELECT sign, level, unit_code, entity, status, completed_on, road_class, surface, voltage_kv, length_m::numeric AS length_m FROM (%s) x),
    m AS (
      INSERT INTO infra_month_sums AS t (level, unit_code, month, entity, parts, length_m)
      SELECT level, unit_code, date_trunc('month', completed_on)::date, entity, sum(sign), sum(sign * length_m)
      FROM r WHERE status = 'completed' AND completed_on IS NOT NULL
      GROUP BY 1, 2, 3, 4
      HAVING sum(sign) <> 0 OR sum(sign * length_m) <> 0
      ORDER BY 1, 2, 3, 4
      ON CONFLICT (level, unit_code, month, entity) DO UPDATE SET parts = t.parts + EXCLUDED.parts, length_m = t.length_m + EXCLUDED.length_m)
    INSERT INTO infra_sums AS t (level, unit_code, entity, status, year, road_class, surface, voltage_kv, parts, length_m)
    SELECT level, unit_code, entity, status, extract(year FROM completed_on)::integer, road_class, surface, voltage_kv, sum(sign), sum(sign * length_m)
    FROM r
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(sign) <> 0 OR sum(sign * length_m) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT infra_sums_key DO UPDATE SET parts = t.parts + EXCLUDED.parts, length_m = t.length_m + EXCLUDED.length_m
  $q$, rows_sql)
$$;

CREATE FUNCTION rp_infra_sums_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM infra_sums;
    DELETE FROM infra_month_sums;
    RETURN NULL;
  END IF;
  EXECUTE rp_infra_sums_sql(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows' END);
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM infra_sums WHERE parts = 0;
    DELETE FROM infra_month_sums WHERE parts = 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER infra_parts_sums_ins AFTER INSERT ON infra_unit_parts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_sums_sync();
CREATE TRIGGER infra_parts_sums_upd AFTER UPDATE ON infra_unit_parts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_sums_sync();
CREATE TRIGGER infra_parts_sums_del AFTER DELETE ON infra_unit_parts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_sums_sync();
CREATE TRIGGER infra_parts_sums_truncate AFTER TRUNCATE ON infra_unit_parts
  FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_sums_sync();

-- The parts already stored (features of queued bulk writes come with the drain, as their parts do).
DO $$ BEGIN EXECUTE rp_infra_sums_sql('SELECT 1 AS sign, * FROM infra_unit_parts'); END $$;
