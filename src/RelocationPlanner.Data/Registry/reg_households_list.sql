-- Households filtered by unit (the unit and everything below it), destination site, current
-- status (the latest milestone), a search (code prefix or part of the head's name) and a
-- compliance flag as of today, in code order, one page at a time. The CTEs are inlined (NOT
-- MATERIALIZED), so a later page stays a keyset read. A flag's households come from the compliance
-- projection's partial index on code for that flag (each branch names its flag's index predicate;
-- only the branch of the flag asked for is planned), in the list's order, matched to households by
-- id and code.
-- The first page (no $4) also carries how many households and people match: by unit and status
-- alone from household_counts (0560_site_household_counts.sql: a few rows per unit), by unit and
-- flag from the flag's projection rows, by unit and search from the search's rows (both carry
-- unit and members: no join back), otherwise by counting the matching rows.
WITH below AS NOT MATERIALIZED (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1),
flagged AS NOT MATERIALIZED (
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'area' AND c.area_over
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
  UNION ALL
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'self_paid' AND c.self_paid_over
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
  UNION ALL
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'demolition_overdue' AND c.due_on IS NOT NULL AND c.due_on <= current_date AND (c.demolished_on IS NULL OR c.demolished_on > current_date)
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
  UNION ALL
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'unemployed' AND c.labour AND c.moved_in_on IS NOT NULL AND c.moved_in_on <= current_date AND NOT c.employed @> current_date
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)),
-- A search's households through its indexes (0590_household_search.sql): codes that start with
-- it, names that hold its characters and contain it; within the unit's households as an array
-- read once, so the unit's index narrows the name candidates before the table is read.
found AS NOT MATERIALIZED (
  SELECT c.id, c.unit_code, c.members FROM households c
  WHERE c.code LIKE rp_like_prefix($6) AND ($1::text IS NULL OR c.unit_code = ANY ((SELECT array_agg(unit_code) FROM below)::text[]))
  UNION
  SELECT n.id, n.unit_code, n.members FROM households n
  WHERE regexp_split_to_array(lower(n.head_name), '') @> regexp_split_to_array(lower($6), '')
    AND strpos(lower(n.head_name), lower($6)) > 0 AND ($1::text IS NULL OR n.unit_code = ANY ((SELECT array_agg(unit_code) FROM below)::text[]))),
m AS NOT MATERIALIZED (
  SELECT h.code, h.head_name, h.members, h.unit_code, h.site_code, h.settlement_type, coalesce(s.status, 'none') AS status,
         s.registered_on, s.keys_claimed_on, s.moved_in_on
  FROM households h LEFT JOIN household_status s ON s.household_id = h.id
  WHERE ($1::text IS NULL OR h.unit_code IN (SELECT unit_code FROM below))
    AND ($2::text IS NULL OR h.site_code = $2)
    AND ($3::text IS NULL OR coalesce(s.status, 'none') = $3)
    -- As an array read once (an IN inside this OR would stay a filter on every household).
    AND ($6::text IS NULL OR h.id = ANY ((SELECT array_agg(f.id) FROM found f)::bigint[]))
    -- By code too (the projection's copy of it), so both sides can be read in the list's order.
    AND ($7::text IS NULL OR (h.id, h.code) IN (SELECT f.household_id, f.code FROM flagged f))),
totals AS MATERIALIZED (
  SELECT sum(c.households)::bigint AS households, sum(c.people)::bigint AS people FROM household_counts c
  WHERE $2::text IS NULL AND $6::text IS NULL AND $7::text IS NULL
    AND ($1::text IS NULL OR c.unit_code IN (SELECT unit_code FROM below)) AND ($3::text IS NULL OR c.status = $3)
  UNION ALL
  SELECT count(*), sum(f.members) FROM flagged f
  WHERE $7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $6::text IS NULL
    AND ($1::text IS NULL OR f.unit_code IN (SELECT unit_code FROM below))
  UNION ALL
  SELECT count(*), sum(f.members) FROM found f
  WHERE $6::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $7::text IS NULL
    AND ($1::text IS NULL OR f.unit_code IN (SELECT unit_code FROM below))
  UNION ALL
  SELECT count(*), sum(m.members) FROM m
  WHERE NOT ($2::text IS NULL AND $6::text IS NULL AND $7::text IS NULL)
    AND NOT ($7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $6::text IS NULL)
    AND NOT ($6::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $7::text IS NULL))
SELECT m.*,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(households), 0)::bigint FROM totals) END AS total_households,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(people), 0)::bigint FROM totals) END AS total_people
FROM m
WHERE ($4::text IS NULL OR m.code > $4)
ORDER BY m.code
LIMIT $5
