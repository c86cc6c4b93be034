-- A centralized site as a construction project that engineers and finance officers follow: its
-- plan (house types, facilities, budget per funding source; replaced as a whole, history kept),
-- its dated milestones (append-only, forward-only) and its expenditure ledger (append-only; a
-- reversal is a negative entry naming the one it reverses; spending past a source's budget is
-- allowed and flagged by the reports, not refused). Few rows per site: per-row foreign keys and
-- checks are cheap here.

CREATE TABLE site_plans (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL UNIQUE REFERENCES sites (id),
  -- [{type, count, floor_area_m2}], [{kind, quantity, unit}], [{funding_source, amount}]: the plan as sent.
  houses         jsonb NOT NULL CHECK (jsonb_typeof(houses) = 'array'),
  facilities     jsonb NOT NULL CHECK (jsonb_typeof(facilities) = 'array'),
  budget         jsonb NOT NULL CHECK (jsonb_typeof(budget) = 'array'),
  -- Totals the reports read, derived from the arrays by the statement that writes them.
  houses_planned integer NOT NULL CHECK (houses_planned >= 0),
  floor_area_m2  numeric(14, 2) NOT NULL CHECK (floor_area_m2 >= 0),
  budget_total   numeric(16, 2) NOT NULL CHECK (budget_total >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT rp_current_user(),
  updated_at     timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL DEFAULT rp_current_user(),
  version        integer NOT NULL DEFAULT 1
);
SELECT rp_reg_track('site_plans', 'site_id');

-- Approved, construction started, infrastructure and houses completed (either first), handed over.
CREATE FUNCTION rp_site_milestone_rank(m text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE m WHEN 'approved' THEN 1 WHEN 'construction_started' THEN 2 WHEN 'infrastructure_completed' THEN 3
                WHEN 'houses_completed' THEN 3 WHEN 'handed_over' THEN 4 END
$$;

CREATE TABLE site_milestones (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES sites (id),
  milestone   text NOT NULL CHECK (rp_site_milestone_rank(milestone) IS NOT NULL),
  on_date     date NOT NULL,
  recorded_by text NOT NULL DEFAULT rp_current_user(),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT site_milestones_once UNIQUE (site_id, milestone)
);

-- Forward-only: nothing recorded may outrank the new milestone, and nothing of a lower rank may be
-- dated after it. The site row is locked so that milestones of one site are recorded one at a time.
CREATE FUNCTION rp_site_milestone_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
  PERFORM FROM sites WHERE id = NEW.site_id FOR NO KEY UPDATE;
  SELECT m.milestone, m.on_date INTO bad FROM site_milestones m
  WHERE m.site_id = NEW.site_id AND rp_site_milestone_rank(m.milestone) > rp_site_milestone_rank(NEW.milestone) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'site milestone % cannot follow % (%): site milestones only move forward', NEW.milestone, bad.milestone, bad.on_date
      USING ERRCODE = 'check_violation', CONSTRAINT = 'site_milestones_forward_only', COLUMN = 'milestone';
  END IF;
  SELECT m.milestone, m.on_date INTO bad FROM site_milestones m
  WHERE m.site_id = NEW.site_id AND rp_site_milestone_rank(m.milestone) < rp_site_milestone_rank(NEW.milestone) AND m.on_date > NEW.on_date LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'site milestone % on % cannot predate % on %', NEW.milestone, NEW.on_date, bad.milestone, bad.on_date
      USING ERRCODE = 'check_violation', CONSTRAINT = 'site_milestones_dates_in_order', COLUMN = 'date';
  END IF;
  NEW.recorded_by := rp_current_user();
  NEW.recorded_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER site_milestones_check BEFORE INSERT ON site_milestones FOR EACH ROW EXECUTE FUNCTION rp_site_milestone_check();
CREATE TRIGGER site_milestones_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON site_milestones
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON site_milestones REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('site_id');

CREATE TABLE site_expenditures (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id        bigint NOT NULL REFERENCES sites (id),
  category       text NOT NULL CHECK (category IN ('housing', 'water', 'power', 'roads', 'public_facilities', 'industry', 'other')),
  amount         numeric(14, 2) NOT NULL,
  spent_on       date NOT NULL,
  funding_source text NOT NULL CHECK (length(funding_source) BETWEEN 1 AND 64),
  reverses_id    bigint REFERENCES site_expenditures (id),
  recorded_by    text NOT NULL DEFAULT rp_current_user(),
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT site_expenditures_sign CHECK ((reverses_id IS NULL AND amount > 0) OR (reverses_id IS NOT NULL AND amount < 0))
);
CREATE INDEX site_expenditures_site_idx ON site_expenditures (site_id);
CREATE INDEX site_expenditures_reverses_idx ON site_expenditures (reverses_id) WHERE reverses_id IS NOT NULL;

-- A reversal undoes (part of) an expenditure of the same site, source and category, not before it
-- and never more than is left of it. The site row is locked: reversals of one site queue.
CREATE FUNCTION rp_site_expenditure_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE orig record; reversed numeric;
BEGIN
  PERFORM FROM sites WHERE id = NEW.site_id FOR NO KEY UPDATE;
  IF NEW.reverses_id IS NOT NULL THEN
    SELECT e.site_id, e.category, e.funding_source, e.amount, e.spent_on, e.reverses_id INTO orig FROM site_expenditures e WHERE e.id = NEW.reverses_id;
    IF NOT FOUND OR orig.site_id <> NEW.site_id OR orig.reverses_id IS NOT NULL
       OR orig.category <> NEW.category OR orig.funding_source <> NEW.funding_source THEN
      RAISE EXCEPTION 'entry % is not an expenditure of this site, category and funding source', NEW.reverses_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'site_expenditures_reversal_matches', COLUMN = 'reverses';
    END IF;
    IF NEW.spent_on < orig.spent_on THEN
      RAISE EXCEPTION 'a reversal cannot predate the expenditure it reverses (%)', orig.spent_on
        USING ERRCODE = 'check_violation', CONSTRAINT = 'site_expenditures_reversal_dates_in_order', COLUMN = 'spent_on';
    END IF;
    SELECT coalesce(sum(e.amount), 0) INTO reversed FROM site_expenditures e WHERE e.reverses_id = NEW.reverses_id;
    IF orig.amount + reversed + NEW.amount < 0 THEN
      RAISE EXCEPTION 'reversal of % exceeds what is left of expenditure % (% of %)', -NEW.amount, NEW.reverses_id, orig.amount + reversed, orig.amount
        USING ERRCODE = 'check_violation', CONSTRAINT = 'site_expenditures_reversal_within_original', COLUMN = 'amount';
    END IF;
  END IF;
  NEW.recorded_by := rp_current_user();
  NEW.recorded_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER site_expenditures_check BEFORE INSERT ON site_expenditures FOR EACH ROW EXECUTE FUNCTION rp_site_expenditure_check();
CREATE TRIGGER site_expenditures_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON site_expenditures
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON site_expenditures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('site_id');
