-- Figures units reported upward (relocated households and people, investment and its parts, km
-- of roads and lines, wells), kept as they were reported: append-only, each import a batch, the
-- value also as it was written (its printed precision matters when checking rounded parts).
-- unit_code is not a foreign key: a report may come from a unit the registry does not hold (the
-- import warns, and the reconciliation shows nothing registered against it).
CREATE SEQUENCE reported_statistics_import_seq;

CREATE TABLE reported_statistics (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id   bigint NOT NULL,
  row_no      integer NOT NULL,
  unit_code   text NOT NULL CHECK (length(unit_code) BETWEEN 1 AND 64),
  -- A year (2012) or a period as reported (2011-2015): year_from = year_to for a year.
  year_from   integer NOT NULL CHECK (year_from BETWEEN 1900 AND 2200),
  year_to     integer NOT NULL,
  indicator   text NOT NULL CHECK (indicator ~ '^[a-z][a-z0-9_]{0,63}$'),
  value       numeric NOT NULL CHECK (value >= 0),
  value_text  text NOT NULL,
  unit        text NOT NULL CHECK (length(unit) BETWEEN 1 AND 64),
  source      text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  recorded_by text NOT NULL DEFAULT rp_current_user(),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reported_statistics_period CHECK (year_to >= year_from)
);
CREATE INDEX reported_statistics_unit_year_idx ON reported_statistics (unit_code, year_from, year_to, indicator);
CREATE INDEX reported_statistics_year_idx ON reported_statistics (year_from, year_to);

CREATE TRIGGER reported_statistics_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON reported_statistics
  FOR EACH STATEMENT EXECUTE FUNCTION rp_append_only();
CREATE TRIGGER history_ins AFTER INSERT ON reported_statistics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_history('indicator');
