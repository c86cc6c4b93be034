-- Households filtered by unit (the unit and everything below it), destination site, current
-- status (the latest milestone), a search (code prefix or part of the head's name) and a
-- compliance flag as of today, in code order, one page at a time. The first page (no $4) also
-- carries how many households and people match: the CTE is inlined (NOT MATERIALIZED), so a later
-- page stays a keyset read and the counts' subqueries run only when asked for.
WITH m AS NOT MATERIALIZED (
  SELECT h.code, h.head_name, h.members, h.unit_code, h.site_code, h.settlement_type, coalesce(s.status, 'none') AS status,
         s.registered_on, s.keys_claimed_on, s.moved_in_on
  FROM households h LEFT JOIN household_status s ON s.household_id = h.id
  WHERE ($1::text IS NULL OR h.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1))
    AND ($2::text IS NULL OR h.site_code = $2)
    AND ($3::text IS NULL OR coalesce(s.status, 'none') = $3)
    AND ($6::text IS NULL OR starts_with(h.code, $6) OR strpos(lower(h.head_name), lower($6)) > 0)
    AND ($7::text IS NULL OR EXISTS (
      SELECT 1 FROM household_compliance c
      WHERE c.household_id = h.id AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
        AND CASE $7
          WHEN 'area' THEN c.area_over
          WHEN 'self_paid' THEN c.self_paid_over
          WHEN 'demolition_overdue' THEN c.due_on <= current_date AND (c.demolished_on IS NULL OR c.demolished_on > current_date)
          WHEN 'unemployed' THEN c.labour AND c.moved_in_on <= current_date AND NOT c.employed @> current_date
          ELSE false END)))
SELECT m.*,
       CASE WHEN $4::text IS NULL THEN (SELECT count(*) FROM m) END AS total_households,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(members), 0) FROM m) END AS total_people
FROM m
WHERE ($4::text IS NULL OR m.code > $4)
ORDER BY m.code
LIMIT $5
