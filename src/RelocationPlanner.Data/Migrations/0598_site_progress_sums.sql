-- Site progress grouped every centralized site's milestones and expenditures at request time
-- (0.3-0.7 s at eight provinces, growing with sites: ~1.3 s for the nation's 35k). Now what was
-- approved, handed over and spent is kept per the SITE's unit and day (deltas, with months, as
-- 0560_site_household_counts.sql keeps the households), and each site's spans of days over budget.
CREATE TABLE site_project_days (
  unit_code   text, -- the site's unit (null: a site without one, as sites.unit_code allows)
  on_date     date NOT NULL,
  approved    bigint NOT NULL,
  handed_over bigint NOT NULL,
  spent       numeric NOT NULL,
  CONSTRAINT site_project_days_key UNIQUE NULLS NOT DISTINCT (unit_code, on_date)
);
CREATE INDEX site_project_days_day_idx ON site_project_days (on_date);
CREATE TABLE site_project_months (LIKE site_project_days, CONSTRAINT site_project_months_key UNIQUE NULLS NOT DISTINCT (unit_code, on_date));
COMMENT ON COLUMN site_project_months.on_date IS 'The first day of the month.';

-- sites_sql yields (sign, site_id, unit_code) of centralized sites: each one's approval, hand-over
-- and spending, signed, under that unit.
CREATE FUNCTION rp_site_project_sql(sites_sql text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT rp_days_months_sql('site_project_days', 'site_project_months', 'unit_code', ARRAY['approved', 'handed_over', 'spent'],
    format($q$
      WITH x AS MATERIALIZED (%s)
      SELECT x.unit_code, m.on_date, x.sign * (m.milestone = 'approved')::int AS approved,
             x.sign * (m.milestone = 'handed_over')::int AS handed_over, 0::numeric AS spent
      FROM x JOIN site_milestones m ON m.site_id = x.site_id WHERE m.milestone IN ('approved', 'handed_over')
      UNION ALL
      SELECT x.unit_code, e.spent_on, 0, 0, x.sign * e.amount FROM x JOIN site_expenditures e ON e.site_id = x.site_id
    $q$, sites_sql))
$$;

-- New milestones and expenditures count under their site's unit as the site is now; a site that
-- changes unit or type moves all of its own (sites, below). Both ledgers are append-only.
CREATE FUNCTION rp_site_project_rows_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_days_months_sql('site_project_days', 'site_project_months', 'unit_code', ARRAY['approved', 'handed_over', 'spent'],
    CASE TG_TABLE_NAME
      WHEN 'site_milestones' THEN
        'SELECT s.unit_code, n.on_date, (n.milestone = ''approved'')::int AS approved, (n.milestone = ''handed_over'')::int AS handed_over, 0::numeric AS spent
         FROM new_rows n JOIN sites s ON s.id = n.site_id AND s.site_type = ''centralized'' WHERE n.milestone IN (''approved'', ''handed_over'')'
      ELSE
        'SELECT s.unit_code, n.spent_on AS on_date, 0 AS approved, 0 AS handed_over, n.amount AS spent
         FROM new_rows n JOIN sites s ON s.id = n.site_id AND s.site_type = ''centralized''' END);
  RETURN NULL;
END $$;
CREATE TRIGGER site_milestones_project_sums AFTER INSERT ON site_milestones REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_project_rows_sync();
CREATE TRIGGER site_expenditures_project_sums AFTER INSERT ON site_expenditures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_project_rows_sync();

CREATE FUNCTION rp_site_project_sites_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE rp_site_project_sql(CASE TG_OP
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, id AS site_id, unit_code FROM old_rows WHERE site_type = ''centralized'''
    ELSE 'SELECT v.* FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (-1, o.id, o.unit_code, o.site_type), (1, n.id, n.unit_code, n.site_type)) v (sign, site_id, unit_code, site_type)
          WHERE (o.unit_code, o.site_type) IS DISTINCT FROM (n.unit_code, n.site_type) AND v.site_type = ''centralized''' END);
  RETURN NULL;
END $$;
CREATE TRIGGER site_project_sums_upd AFTER UPDATE ON sites REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_project_sites_sync();
CREATE TRIGGER site_project_sums_del AFTER DELETE ON sites REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_project_sites_sync();

-- When each site was over budget: the days from which its spending on some source ran past that
-- source's budget (from_on) until it no longer did (to_on, exclusive; null: still), as reversals
-- can bring it back under. Recomputed for the sites of every new expenditure and every plan
-- written or removed (a few rows a site); the report counts the sites whose span holds its day.
CREATE TABLE site_over_budget (
  site_id bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  from_on date NOT NULL,
  to_on   date,
  PRIMARY KEY (site_id, from_on)
);

CREATE FUNCTION rp_site_over_budget_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM site_over_budget WHERE site_id = ANY (ids);
  WITH e AS MATERIALIZED (
    SELECT site_id, funding_source, spent_on, sum(amount) AS amount FROM site_expenditures
    WHERE site_id = ANY (ids) GROUP BY 1, 2, 3),
  -- Every source of a site on every day any of its spending changed, summed up to that day.
  run AS (
    SELECT d.site_id, d.spent_on, s.funding_source,
           sum(coalesce(e.amount, 0)) OVER (PARTITION BY d.site_id, s.funding_source ORDER BY d.spent_on) AS spent
    FROM (SELECT DISTINCT site_id, spent_on FROM e) d
    JOIN (SELECT DISTINCT site_id, funding_source FROM e) s ON s.site_id = d.site_id
    LEFT JOIN e ON e.site_id = d.site_id AND e.funding_source = s.funding_source AND e.spent_on = d.spent_on),
  budget AS (
    SELECT p.site_id, x ->> 'funding_source' AS funding_source, (x ->> 'amount')::numeric AS amount
    FROM site_plans p, jsonb_array_elements(p.budget) x WHERE p.site_id = ANY (ids)),
  state AS (
    SELECT r.site_id, r.spent_on, bool_or(r.spent > coalesce(b.amount, 0)) AS over
    FROM run r LEFT JOIN budget b ON b.site_id = r.site_id AND b.funding_source = r.funding_source
    GROUP BY 1, 2),
  changes AS (
    SELECT site_id, spent_on, over FROM (
      SELECT site_id, spent_on, over, lag(over, 1, false) OVER (PARTITION BY site_id ORDER BY spent_on) AS was FROM state) c
    WHERE over <> was)
  INSERT INTO site_over_budget (site_id, from_on, to_on)
  SELECT site_id, spent_on, until FROM (
    SELECT site_id, spent_on, over, lead(spent_on) OVER (PARTITION BY site_id ORDER BY spent_on) AS until FROM changes) x
  WHERE over;
$$;

CREATE FUNCTION rp_site_over_budget_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM rp_site_over_budget_refresh(ARRAY(SELECT DISTINCT site_id FROM old_rows));
  ELSE
    PERFORM rp_site_over_budget_refresh(ARRAY(SELECT DISTINCT site_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER site_expenditures_over_budget AFTER INSERT ON site_expenditures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_over_budget_sync();
CREATE TRIGGER site_plans_over_budget_ins AFTER INSERT ON site_plans REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_over_budget_sync();
CREATE TRIGGER site_plans_over_budget_upd AFTER UPDATE ON site_plans REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_over_budget_sync();
CREATE TRIGGER site_plans_over_budget_del AFTER DELETE ON site_plans REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_site_over_budget_sync();

DO $$ BEGIN
  EXECUTE rp_site_project_sql('SELECT 1 AS sign, id AS site_id, unit_code FROM sites WHERE site_type = ''centralized''');
  PERFORM rp_site_over_budget_refresh(ARRAY(SELECT DISTINCT site_id FROM site_expenditures));
END $$;
