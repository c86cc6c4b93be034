-- One page of the households over the area limit, the straightforward way: each household of the
-- county judged per request (its policy looked up per distinct unit and registration day) and the
-- page cut with OFFSET, as a list without the projection and its keyset index would be paged.
WITH hh AS (
  SELECT h.id, h.code, h.unit_code, h.members, h.house_area_m2, s.registered_on
  FROM households h JOIN household_status s ON s.household_id = h.id
  WHERE h.unit_code = $2 AND s.registered_on <= $1 AND (s.withdrawn_on IS NULL OR s.withdrawn_on > $1)),
pol AS (
  SELECT d.unit_code, d.registered_on, p.id, p.max_area_m2_per_person
  FROM (SELECT DISTINCT unit_code, registered_on FROM hh) d
  JOIN compliance_policies p ON p.id = rp_compliance_policy_for(d.unit_code, d.registered_on))
SELECT hh.code, hh.house_area_m2, round(hh.house_area_m2 / hh.members, 4) AS area_m2_per_person, p.max_area_m2_per_person
FROM hh JOIN pol p ON p.unit_code = hh.unit_code AND p.registered_on = hh.registered_on
WHERE hh.house_area_m2 / hh.members > p.max_area_m2_per_person
ORDER BY hh.code
OFFSET $3 LIMIT 100
