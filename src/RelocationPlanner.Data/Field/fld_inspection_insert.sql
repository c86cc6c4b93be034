-- A drawn sample: the request, and its households in sample order with their stratum, county and
-- what the registry said of them then.
WITH i AS (
  INSERT INTO inspections (unit_code, seed, stratify_by, requested, population)
  VALUES (@unit, @seed, @stratify_by, @requested::jsonb, @population)
  RETURNING id),
rows AS (
  INSERT INTO inspection_households (inspection_id, ord, household_id, stratum, county_code, settled)
  SELECT i.id, x.ord, x.household_id, x.stratum, x.county_code, x.settled
  FROM i, unnest(@ids::bigint[], @strata::text[], @counties::text[], @settled::boolean[]) WITH ORDINALITY AS x (household_id, stratum, county_code, settled, ord))
SELECT id FROM i
