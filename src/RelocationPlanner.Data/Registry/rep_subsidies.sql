-- Subsidies by unit at a level (or site) as of a day: what households registered by then are
-- entitled to (policy of the nearest ancestor valid on the registration date), what was paid by
-- then (net of reversals), per component and funding source. Long format: one row per
-- (unit, component, source); households/people repeat on each row of a unit.
-- Both sides read aggregates kept by triggers. At unit levels: the months before the as-of
-- month from registration_months (registrations per unit, month and the policy valid on their
-- day) and disbursement_months, and only the as-of month's days from the daily sums
-- (registration_sums: households and people per unit, site and registration day, the policy
-- looked up once per distinct (unit, day); disbursement_sums: the ledger per unit, site,
-- component and the day the money counts from = the later of payment and registration), so the
-- cost follows units and months, not households. At site level every day from the daily sums.
-- A missing unit or site is joined as '' (no unit's or site's code): IS NOT DISTINCT FROM cannot
-- be hashed, and as a nested loop it compared every county's row with every other's (1.2 s).
WITH anc AS NOT MATERIALIZED (SELECT * FROM rp_unit_ancestors()),
below AS (SELECT a.unit_code FROM anc a WHERE a.ancestor_code = $3),
month_start AS (SELECT CASE WHEN $1 = 'site' THEN '-infinity'::date ELSE date_trunc('month', $2::date)::date END AS day),
days AS (
  SELECT CASE WHEN $1 = 'site' THEN s.site_code ELSE s.unit_code END AS key, s.unit_code, s.registered_on,
         sum(s.households) AS households, sum(s.people) AS people
  FROM registration_sums s
  WHERE s.registered_on <= $2 AND s.registered_on >= (SELECT day FROM month_start)
    AND ($3::text IS NULL OR s.unit_code IN (SELECT unit_code FROM below))
  GROUP BY 1, 2, 3),
pol AS (
  SELECT DISTINCT ON (g.unit_code, g.registered_on) g.unit_code, g.registered_on, p.id AS policy_id
  FROM (SELECT DISTINCT unit_code, registered_on FROM days) g
  JOIN anc a ON a.unit_code = g.unit_code
  JOIN subsidy_policies p ON p.region_code = a.ancestor_code AND g.registered_on >= p.valid_from AND (p.valid_to IS NULL OR g.registered_on <= p.valid_to)
  ORDER BY g.unit_code, g.registered_on, a.depth),
grp AS (
  SELECT d.key, pol.policy_id, d.households, d.people FROM days d LEFT JOIN pol USING (unit_code, registered_on)
  UNION ALL
  SELECT m.unit_code, m.policy_id, m.households, m.people FROM registration_months m
  WHERE $1 <> 'site' AND m.month < (SELECT day FROM month_start)
    AND ($3::text IS NULL OR m.unit_code IN (SELECT unit_code FROM below))),
entitled AS (
  SELECT g.key, c.name AS component, c.funding_source AS source,
         sum(c.amount * CASE WHEN p.basis = 'per_person' THEN g.people ELSE g.households END) AS amount
  FROM grp g JOIN subsidy_policies p ON p.id = g.policy_id JOIN subsidy_components c ON c.policy_id = p.id
  GROUP BY 1, 2, 3),
paid AS (
  SELECT x.key, c.name AS component, c.funding_source AS source, sum(x.amount) AS amount
  FROM (SELECT CASE WHEN $1 = 'site' THEN d.site_code ELSE d.unit_code END AS key, d.unit_code, d.component_id, d.amount
        FROM disbursement_sums d WHERE d.counts_from <= $2 AND d.counts_from >= (SELECT day FROM month_start)
        UNION ALL
        SELECT m.unit_code, m.unit_code, m.component_id, m.amount
        FROM disbursement_months m WHERE $1 <> 'site' AND m.month < (SELECT day FROM month_start)) x
  JOIN subsidy_components c ON c.id = x.component_id
  WHERE $3::text IS NULL OR x.unit_code IN (SELECT unit_code FROM below)
  GROUP BY 1, 2, 3),
money AS (
  SELECT coalesce(e.key, p.key) AS key, coalesce(e.component, p.component) AS component, coalesce(e.source, p.source) AS source,
         coalesce(e.amount, 0) AS entitled, coalesce(p.amount, 0) AS paid
  FROM entitled e FULL JOIN paid p ON coalesce(p.key, '') = coalesce(e.key, '') AND p.component = e.component AND p.source = e.source),
target AS (
  SELECT a.unit_code, a.ancestor_code FROM anc a JOIN admin_units u ON u.code = a.ancestor_code WHERE u.level = $1),
counts AS (
  SELECT CASE WHEN $1 = 'site' THEN g.key ELSE t.ancestor_code END AS code, sum(g.households)::bigint AS households, sum(g.people)::bigint AS people
  FROM (SELECT key, sum(households) AS households, sum(people) AS people FROM grp GROUP BY key) g
  LEFT JOIN target t ON t.unit_code = g.key AND $1 <> 'site' GROUP BY 1),
sums AS (
  SELECT CASE WHEN $1 = 'site' THEN m.key ELSE t.ancestor_code END AS code, m.component, m.source, sum(m.entitled) AS entitled, sum(m.paid) AS paid
  FROM money m LEFT JOIN target t ON t.unit_code = m.key AND $1 <> 'site' GROUP BY 1, 2, 3)
SELECT c.code, coalesce(u.name, x.name) AS name, c.households, c.people, s.component, s.source, s.entitled, s.paid
FROM counts c
LEFT JOIN sums s ON coalesce(s.code, '') = coalesce(c.code, '')
LEFT JOIN admin_units u ON u.code = c.code AND $1 <> 'site'
LEFT JOIN sites x ON x.code = c.code AND $1 = 'site'
ORDER BY c.code NULLS LAST, s.component, s.source
