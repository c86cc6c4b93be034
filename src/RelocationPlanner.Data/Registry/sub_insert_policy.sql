-- A policy and its components in one statement (components as parallel arrays).
WITH p AS (
  INSERT INTO subsidy_policies (code, region_code, valid_from, valid_to, basis) VALUES ($1, $2, $3, $4, $5) RETURNING id)
INSERT INTO subsidy_components (policy_id, name, amount, funding_source)
SELECT p.id, c.name, c.amount, c.source FROM p, unnest($6::text[], $7::numeric[], $8::text[]) AS c (name, amount, source)
RETURNING policy_id
