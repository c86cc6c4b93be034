-- The compliance report the straightforward way, the peer of the pre-aggregated one: every active
-- household's verdicts computed per request from the registry (households with household_status,
-- the policy per distinct unit and registration day, employment records open on the day counted
-- per household), grouped per county. No household_compliance, no compliance_sums.
WITH hh AS (
  SELECT h.id, h.unit_code, h.members, h.house_area_m2, h.self_paid, h.labour_members, h.old_house_demolished_on AS demolished_on,
         h.old_house_exempt_reason IS NOT NULL AS exempt, s.registered_on, s.moved_in_on
  FROM households h JOIN household_status s ON s.household_id = h.id
  WHERE s.registered_on <= $1 AND (s.withdrawn_on IS NULL OR s.withdrawn_on > $1)),
pol AS (
  SELECT d.unit_code, d.registered_on, p.id, p.max_area_m2_per_person, p.max_self_paid_per_person, p.max_self_paid_per_household,
         p.demolish_within_days, p.min_employed_per_labour_household
  FROM (SELECT DISTINCT unit_code, registered_on FROM hh) d
  LEFT JOIN compliance_policies p ON p.id = rp_compliance_policy_for(d.unit_code, d.registered_on)),
emp AS (
  SELECT household_id, count(*) AS open FROM employment
  WHERE started_on <= $1 AND (ended_on IS NULL OR ended_on > $1) GROUP BY household_id),
v AS (
  SELECT hh.unit_code, p.id IS NOT NULL AS covered, coalesce(hh.moved_in_on <= $1, false) AS moved,
         coalesce(hh.house_area_m2 / hh.members > p.max_area_m2_per_person, false) AS area_over,
         coalesce(hh.self_paid > least(p.max_self_paid_per_person * hh.members, p.max_self_paid_per_household), false) AS paid_over,
         coalesce(NOT hh.exempt AND hh.moved_in_on + p.demolish_within_days <= $1, false) AS due,
         coalesce(hh.demolished_on <= $1, false) AS demolished, hh.exempt,
         coalesce(hh.labour_members, 0) >= 1 AS labour, coalesce(e.open, 0) >= p.min_employed_per_labour_household AS employed
  FROM hh JOIN pol p ON p.unit_code = hh.unit_code AND p.registered_on = hh.registered_on
  LEFT JOIN emp e ON e.household_id = hh.id)
SELECT a.ancestor_code AS unit_code,
       count(*) AS households, count(*) FILTER (WHERE covered) AS covered,
       count(*) FILTER (WHERE covered AND area_over) AS area_over_limit,
       count(*) FILTER (WHERE covered AND paid_over) AS self_paid_over_limit,
       count(*) FILTER (WHERE moved) AS moved_in,
       count(*) FILTER (WHERE covered AND moved AND due) AS demolition_due,
       count(*) FILTER (WHERE covered AND demolished) AS demolished,
       count(*) FILTER (WHERE covered AND moved AND due AND NOT demolished) AS demolition_overdue,
       count(*) FILTER (WHERE covered AND exempt) AS exempt,
       count(*) FILTER (WHERE covered AND moved AND labour) AS labour_households,
       count(*) FILTER (WHERE covered AND moved AND labour AND employed) AS employed_households
FROM v JOIN rp_unit_ancestors() a ON a.unit_code = v.unit_code JOIN admin_units u ON u.code = a.ancestor_code AND u.level = 'county'
GROUP BY a.ancestor_code
ORDER BY 1
