-- The households behind one count of the compliance report as of a day, a page at a time in code
-- order (keyset: codes after @after). Per household unit under @unit (every unit when none is
-- given), the first @limit matches in code order through that rule's partial index on
-- (unit_code, code), then the first @limit of those: a page reads about @limit candidates per
-- matching row and unit, wherever it starts, and never steps over the other units' households
-- (an index in code order alone would, for every unit whose codes sort first). One branch per
-- rule; the branches of the other rules are pruned when the statement is planned for its
-- parameters (one-time filters). The status filters sit inside each branch, before its limit.
WITH units AS (
  SELECT a.unit_code FROM rp_unit_ancestors() a WHERE @unit::text IS NOT NULL AND a.ancestor_code = @unit::text
  UNION ALL
  SELECT u.code FROM admin_units u WHERE @unit::text IS NULL),
flagged AS (
  SELECT f.* FROM units u CROSS JOIN LATERAL (
    SELECT c.* FROM household_compliance c
    WHERE @rule = 'area' AND c.unit_code = u.unit_code AND c.area_over AND (@after::text IS NULL OR c.code > @after::text)
      AND c.registered_on <= @as_of AND (c.withdrawn_on IS NULL OR c.withdrawn_on > @as_of)
    ORDER BY c.code LIMIT @limit) f
  UNION ALL
  SELECT f.* FROM units u CROSS JOIN LATERAL (
    SELECT c.* FROM household_compliance c
    WHERE @rule = 'self_paid' AND c.unit_code = u.unit_code AND c.self_paid_over AND (@after::text IS NULL OR c.code > @after::text)
      AND c.registered_on <= @as_of AND (c.withdrawn_on IS NULL OR c.withdrawn_on > @as_of)
    ORDER BY c.code LIMIT @limit) f
  UNION ALL
  SELECT f.* FROM units u CROSS JOIN LATERAL (
    SELECT c.* FROM household_compliance c
    WHERE @rule = 'demolition_overdue' AND c.unit_code = u.unit_code AND c.due_on IS NOT NULL AND c.due_on <= @as_of
      AND (c.demolished_on IS NULL OR c.demolished_on > @as_of) AND (@after::text IS NULL OR c.code > @after::text)
      AND c.registered_on <= @as_of AND (c.withdrawn_on IS NULL OR c.withdrawn_on > @as_of)
    ORDER BY c.code LIMIT @limit) f
  UNION ALL
  SELECT f.* FROM units u CROSS JOIN LATERAL (
    SELECT c.* FROM household_compliance c
    WHERE @rule = 'unemployed' AND c.unit_code = u.unit_code AND c.labour AND c.moved_in_on IS NOT NULL AND c.moved_in_on <= @as_of
      AND NOT c.employed @> @as_of::date AND (@after::text IS NULL OR c.code > @after::text)
      AND c.registered_on <= @as_of AND (c.withdrawn_on IS NULL OR c.withdrawn_on > @as_of)
    ORDER BY c.code LIMIT @limit) f)
SELECT c.code, h.head_name, c.unit_code, h.site_code, c.members, p.code AS policy_code,
       CASE WHEN @rule = 'area' THEN c.house_area_m2 END AS house_area_m2,
       CASE WHEN @rule = 'area' THEN round(c.house_area_m2 / c.members, 4) END AS area_m2_per_person,
       CASE WHEN @rule = 'area' THEN p.max_area_m2_per_person END AS max_area_m2_per_person,
       CASE WHEN @rule = 'self_paid' THEN h.self_paid END AS self_paid,
       CASE WHEN @rule = 'self_paid' THEN least(p.max_self_paid_per_person * c.members, p.max_self_paid_per_household) END AS self_paid_limit,
       CASE WHEN @rule IN ('demolition_overdue', 'unemployed') THEN c.moved_in_on END AS moved_in_on,
       CASE WHEN @rule = 'demolition_overdue' THEN c.due_on END AS due_on,
       CASE WHEN @rule = 'demolition_overdue' THEN @as_of::date - c.due_on END AS days_overdue,
       CASE WHEN @rule = 'unemployed' THEN h.labour_members END AS labour_members,
       CASE WHEN @rule = 'unemployed' THEN (SELECT count(*) FROM employment e WHERE e.household_id = c.household_id
                                             AND e.started_on <= @as_of AND (e.ended_on IS NULL OR e.ended_on > @as_of))::int END AS open_employment,
       CASE WHEN @rule = 'unemployed' THEN p.min_employed_per_labour_household END AS min_employed
FROM flagged c
JOIN households h ON h.id = c.household_id
JOIN compliance_policies p ON p.id = c.policy_id
ORDER BY c.code
LIMIT @limit
