-- Site progress's households and the household list's totals from projections kept by statement
-- triggers, so neither reads a row per household: site progress made one pass over
-- household_status for every site's households, and the list's first page counted every matching
-- household (774k rows at eight provinces) to say how many match.

-- One writer of per-day deltas and their per-month sums (on_date = the first of the month), for
-- every such projection: deltas_sql yields (key, on_date, cols...) event rows, summed per key and
-- day; sums that come to zero are left out. As text for the caller to EXECUTE (transition tables
-- are visible to the trigger function's own statements only).
CREATE FUNCTION rp_days_months_sql(days text, months text, key text, cols text[], deltas_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH moved AS MATERIALIZED (
      SELECT %3$I, on_date, %4$s FROM (%5$s) e GROUP BY 1, 2 HAVING %6$s),
    d AS (
      INSERT INTO %1$I AS t (%3$I, on_date, %7$s) SELECT * FROM moved
      ON CONFLICT (%3$I, on_date) DO UPDATE SET %8$s)
    INSERT INTO %2$I AS t (%3$I, on_date, %7$s)
    SELECT %3$I, date_trunc('month', on_date)::date, %9$s FROM moved GROUP BY 1, 2
    ON CONFLICT (%3$I, on_date) DO UPDATE SET %8$s
  $q$, days, months, key,
    (SELECT string_agg(format('sum(%1$I) AS %1$I', c), ', ') FROM unnest(cols) c),
    deltas_sql,
    (SELECT string_agg(format('sum(%I) <> 0', c), ' OR ') FROM unnest(cols) c),
    (SELECT string_agg(format('%I', c), ', ') FROM unnest(cols) c),
    (SELECT string_agg(format('%1$I = t.%1$I + EXCLUDED.%1$I', c), ', ') FROM unnest(cols) c),
    (SELECT string_agg(format('sum(%I)', c), ', ') FROM unnest(cols) c))
$$;

-- 0540's settled rates through the same writer (the events are as before).
CREATE OR REPLACE FUNCTION rp_settled_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT rp_days_months_sql('settled_days', 'settled_months', 'unit_code', ARRAY['households', 'people', 'keys_claimed', 'moved_in', 'deemed'],
    format($q$
      WITH hh AS MATERIALIZED (
        SELECT unit_code, sign, members, registered_on, keys_claimed_on, moved_in_on, withdrawn_on,
               least(keys_claimed_on, moved_in_on) AS deemed_on
        FROM (%s) r WHERE registered_on IS NOT NULL)
      SELECT unit_code, registered_on AS on_date, sign AS households, sign * members AS people, 0 AS keys_claimed, 0 AS moved_in, 0 AS deemed FROM hh
      UNION ALL SELECT unit_code, keys_claimed_on, 0, 0, sign, 0, 0 FROM hh WHERE keys_claimed_on IS NOT NULL
      UNION ALL SELECT unit_code, moved_in_on, 0, 0, 0, sign, 0 FROM hh WHERE moved_in_on IS NOT NULL
      UNION ALL SELECT unit_code, deemed_on, 0, 0, 0, 0, sign FROM hh WHERE deemed_on IS NOT NULL
      UNION ALL SELECT unit_code, withdrawn_on, -sign, -sign * members, -sign * (keys_claimed_on IS NOT NULL)::int,
                       -sign * (moved_in_on IS NOT NULL)::int, -sign * (deemed_on IS NOT NULL)::int
      FROM hh WHERE withdrawn_on IS NOT NULL
    $q$, rows_sql))
$$;

-- Site progress: households assigned to centralized sites (registered, not withdrawn) and moved
-- in there, per the SITE's unit and day (+1 on registering / moving in, -1 of each on withdrawal,
-- which is always a household's last milestone, not before the others). The report only rolls
-- them up by the site's unit, so this is (units with centralized sites x days), not per site.
CREATE TABLE site_household_days (
  unit_code text, -- the site's unit (null: a site without one, as sites.unit_code allows)
  on_date   date NOT NULL,
  assigned  bigint NOT NULL,
  moved_in  bigint NOT NULL,
  CONSTRAINT site_household_days_key UNIQUE NULLS NOT DISTINCT (unit_code, on_date)
);
CREATE INDEX site_household_days_day_idx ON site_household_days (on_date);
CREATE TABLE site_household_months (LIKE site_household_days, CONSTRAINT site_household_months_key UNIQUE NULLS NOT DISTINCT (unit_code, on_date));
COMMENT ON COLUMN site_household_months.on_date IS 'The first day of the month.';

-- The report's sites: the centralized ones (35k of 735k nationally), without reading the rest.
CREATE INDEX sites_centralized_unit_idx ON sites (unit_code) WHERE site_type = 'centralized';

-- rows_sql yields (sign, unit_code = the site's unit, registered_on, moved_in_on, withdrawn_on).
CREATE FUNCTION rp_site_households_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT rp_days_months_sql('site_household_days', 'site_household_months', 'unit_code', ARRAY['assigned', 'moved_in'],
    format($q$
      WITH r AS MATERIALIZED (SELECT * FROM (%s) r WHERE registered_on IS NOT NULL)
      SELECT unit_code, registered_on AS on_date, sign AS assigned, 0 AS moved_in FROM r
      UNION ALL SELECT unit_code, greatest(registered_on, moved_in_on), 0, sign FROM r WHERE moved_in_on IS NOT NULL
      UNION ALL SELECT unit_code, withdrawn_on, -sign, -sign * (moved_in_on IS NOT NULL)::int FROM r WHERE withdrawn_on IS NOT NULL
    $q$, rows_sql))
$$;

-- The projection is household_status joined to centralized sites by code; either side changes it.
-- A change of household_status (a milestone, a household moved to another site) is weighed
-- against the sites as they are; a change of sites (a code, unit or type) against household_status
-- as it is BEFORE the change's cascade to households reaches it: the sites trigger is named to
-- fire before households_ref_cascade (AFTER triggers fire in name order), so each change is
-- counted once.
CREATE INDEX household_status_site_idx ON household_status (site_code);

CREATE FUNCTION rp_site_households_status_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_site_households_sql(format($q$
    SELECT x.sign, s.unit_code, x.registered_on, x.moved_in_on, x.withdrawn_on
    FROM (%s) x JOIN sites s ON s.code = x.site_code AND s.site_type = 'centralized'
  $q$, CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, site_code, registered_on, moved_in_on, withdrawn_on FROM new_rows WHERE site_code IS NOT NULL'
    ELSE 'SELECT v.* FROM old_rows o JOIN new_rows n ON n.household_id = o.household_id
          CROSS JOIN LATERAL (VALUES (-1, o.site_code, o.registered_on, o.moved_in_on, o.withdrawn_on),
                                     (1, n.site_code, n.registered_on, n.moved_in_on, n.withdrawn_on)) v (sign, site_code, registered_on, moved_in_on, withdrawn_on)
          WHERE (o.site_code, o.registered_on, o.moved_in_on, o.withdrawn_on) IS DISTINCT FROM (n.site_code, n.registered_on, n.moved_in_on, n.withdrawn_on)
            AND v.site_code IS NOT NULL' END));
  RETURN NULL;
END $$;

CREATE TRIGGER household_status_site_households_ins AFTER INSERT ON household_status REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_households_status_sync();
CREATE TRIGGER household_status_site_households_upd AFTER UPDATE ON household_status REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_households_status_sync();

CREATE FUNCTION rp_site_households_sites_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_site_households_sql(format($q$
    SELECT x.sign, x.unit_code, h.registered_on, h.moved_in_on, h.withdrawn_on
    FROM (%s) x JOIN household_status h ON h.site_code = x.code
    WHERE x.site_type = 'centralized'
  $q$, CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, code, unit_code, site_type FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, code, unit_code, site_type FROM old_rows'
    ELSE 'SELECT v.* FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (-1, o.code, o.unit_code, o.site_type), (1, n.code, n.unit_code, n.site_type)) v (sign, code, unit_code, site_type)
          WHERE (o.code, o.unit_code, o.site_type) IS DISTINCT FROM (n.code, n.unit_code, n.site_type)' END));
  RETURN NULL;
END $$;

-- "household_site..." sorts before "households_ref_cascade" (see above).
CREATE TRIGGER household_site_counts_ins AFTER INSERT ON sites REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_households_sites_sync();
CREATE TRIGGER household_site_counts_upd AFTER UPDATE ON sites REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_households_sites_sync();
CREATE TRIGGER household_site_counts_del AFTER DELETE ON sites REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_households_sites_sync();

DO $$ BEGIN
  EXECUTE rp_site_households_sql($q$
    SELECT 1 AS sign, s.unit_code, h.registered_on, h.moved_in_on, h.withdrawn_on
    FROM household_status h JOIN sites s ON s.code = h.site_code AND s.site_type = 'centralized'
  $q$);
END $$;

-- The household list's totals: households and people per (unit, current status; 'none' before
-- the first milestone), as the list counts them (households' unit and members, household_status's
-- status). A household without a status row is counted by the households triggers, one with it
-- by household_status's: its first milestone moves it from 'none' to its status, and a change of
-- a household's unit or size reaches household_status (households_after_update, 0301).
CREATE TABLE household_counts (
  unit_code  text NOT NULL,
  status     text NOT NULL,
  households bigint NOT NULL,
  people     bigint NOT NULL,
  PRIMARY KEY (unit_code, status)
);

-- rows_sql yields (sign, unit_code, status, members).
CREATE FUNCTION rp_household_counts_sql(rows_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO household_counts AS t (unit_code, status, households, people)
    SELECT unit_code, status, sum(sign), sum(sign * members) FROM (%s) r
    GROUP BY 1, 2 HAVING sum(sign) <> 0 OR sum(sign * members) <> 0
    ON CONFLICT (unit_code, status) DO UPDATE SET households = t.households + EXCLUDED.households, people = t.people + EXCLUDED.people
  $q$, rows_sql)
$$;

CREATE FUNCTION rp_household_counts_households_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new household has no status yet (milestones name an existing household).
  EXECUTE rp_household_counts_sql(CASE TG_OP
    WHEN 'INSERT' THEN $q$SELECT 1 AS sign, unit_code, 'none' AS status, members FROM new_rows$q$
    ELSE $q$SELECT v.* FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (-1, o.unit_code, 'none', o.members), (1, n.unit_code, 'none', n.members)) v (sign, unit_code, status, members)
          WHERE (o.unit_code, o.members) IS DISTINCT FROM (n.unit_code, n.members)
            AND NOT EXISTS (SELECT 1 FROM household_status s WHERE s.household_id = o.id)$q$ END);
  RETURN NULL;
END $$;

CREATE TRIGGER households_counts_ins AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_household_counts_households_sync();
CREATE TRIGGER households_counts_upd AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_household_counts_households_sync();

CREATE FUNCTION rp_household_counts_status_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_household_counts_sql(CASE TG_OP
    WHEN 'INSERT' THEN $q$SELECT 1 AS sign, unit_code, status, members FROM new_rows
                          UNION ALL SELECT -1, unit_code, 'none', members FROM new_rows$q$
    ELSE $q$SELECT v.* FROM old_rows o JOIN new_rows n ON n.household_id = o.household_id
          CROSS JOIN LATERAL (VALUES (-1, o.unit_code, o.status, o.members), (1, n.unit_code, n.status, n.members)) v (sign, unit_code, status, members)
          WHERE (o.unit_code, o.status, o.members) IS DISTINCT FROM (n.unit_code, n.status, n.members)$q$ END);
  RETURN NULL;
END $$;

CREATE TRIGGER household_status_counts_ins AFTER INSERT ON household_status REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_household_counts_status_sync();
CREATE TRIGGER household_status_counts_upd AFTER UPDATE ON household_status REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_household_counts_status_sync();

INSERT INTO household_counts (unit_code, status, households, people)
SELECT h.unit_code, coalesce(s.status, 'none'), count(*), sum(h.members)
FROM households h LEFT JOIN household_status s ON s.household_id = h.id
GROUP BY 1, 2;

-- The list's flag filters in the list's order (code), from the compliance projection's rows that
-- can carry the flag (the existing (unit_code, code) indexes serve a unit's flagged households).
CREATE INDEX household_compliance_area_code_idx ON household_compliance (code) WHERE area_over;
CREATE INDEX household_compliance_self_paid_code_idx ON household_compliance (code) WHERE self_paid_over;
CREATE INDEX household_compliance_due_code_idx ON household_compliance (code) WHERE due_on IS NOT NULL;
CREATE INDEX household_compliance_labour_code_idx ON household_compliance (code) WHERE labour AND moved_in_on IS NOT NULL;
