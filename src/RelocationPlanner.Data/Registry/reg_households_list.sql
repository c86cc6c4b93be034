-- Households filtered by unit (the unit and everything below it), destination site, current
-- status (the latest milestone), a search (code prefix or part of the head's name) and a
-- compliance flag as of today, in code order, one page at a time. The CTEs are inlined (NOT
-- MATERIALIZED), so a later page stays a keyset read. A flag's households are the compliance
-- projection's rows for that flag (each branch names its flag's predicate; only the branch of the
-- flag asked for is planned): its count reads them from the flag's partial code index, its page
-- looks each listed household up by id.
-- A unit's households lie between its first and its last code (codes follow units, as the
-- national registry's do), so a unit's page walks that stretch of the code index, not every code
-- before it; the stretch comes from each unit's first and last code (0596_household_unit_code.sql).
-- The first page (no $4) also carries how many households and people match: by unit and status
-- alone from household_counts (0560_site_household_counts.sql: a few rows per unit), by unit and
-- flag from the flag's projection rows, otherwise by counting the matching rows. A search counts
-- at most $8 + 1 matches (a common given name matches a hundred thousand households nationally;
-- the caller says "more than $8"), and its page is left to the planner: the code index walked
-- with the name as a filter when matches are dense, the name's index when they are rare.
WITH below AS NOT MATERIALIZED (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1),
span AS MATERIALIZED (
  SELECT min(x.lo) AS lo, max(x.hi) AS hi FROM below b,
    LATERAL (SELECT (SELECT k.code FROM households k WHERE k.unit_code = b.unit_code ORDER BY k.code LIMIT 1) AS lo,
                    (SELECT k.code FROM households k WHERE k.unit_code = b.unit_code ORDER BY k.code DESC LIMIT 1) AS hi) x
  WHERE $1::text IS NOT NULL),
flagged AS NOT MATERIALIZED (
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'area' AND c.area_over
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
    AND ($1::text IS NULL OR c.code BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span))
  UNION ALL
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'self_paid' AND c.self_paid_over
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
    AND ($1::text IS NULL OR c.code BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span))
  UNION ALL
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'demolition_overdue' AND c.due_on IS NOT NULL AND c.due_on <= current_date AND (c.demolished_on IS NULL OR c.demolished_on > current_date)
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
    AND ($1::text IS NULL OR c.code BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span))
  UNION ALL
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE $7::text = 'unemployed' AND c.labour AND c.moved_in_on IS NOT NULL AND c.moved_in_on <= current_date AND NOT c.employed @> current_date
    AND c.registered_on <= current_date AND (c.withdrawn_on IS NULL OR c.withdrawn_on > current_date)
    AND ($1::text IS NULL OR c.code BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span))),
-- The status is joined here only to filter by it (the join is dropped otherwise), and again for
-- the page's rows alone.
m AS NOT MATERIALIZED (
  SELECT h.id, h.code, h.head_name, h.members, h.unit_code, h.site_code, h.settlement_type
  FROM households h LEFT JOIN household_status s ON s.household_id = h.id
  WHERE ($1::text IS NULL OR (h.unit_code IN (SELECT unit_code FROM below)
                               AND h.code BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span)))
    AND ($2::text IS NULL OR h.site_code = $2)
    -- The status as its own column (not coalesced), so the planner knows how common it is.
    AND ($3::text IS NULL OR s.status = $3 OR ($3 = 'none' AND s.household_id IS NULL))
    -- Codes that start with it (taken literally), names that hold its characters and contain it
    -- (0590_household_search.sql): both indexable, so rare matches come from the indexes.
    AND ($6::text IS NULL OR h.code LIKE rp_like_prefix($6)
         OR (regexp_split_to_array(lower(h.head_name), '') @> regexp_split_to_array(lower($6), '')
             AND strpos(lower(h.head_name), lower($6)) > 0))
    -- Each household looked up in the flag's rows as the list walks (a few probes a match for a
    -- common flag; an IN hashed every flagged household first, and past work_mem compared each
    -- household with all of them: 11 s a page for the nation).
    AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM flagged f WHERE f.household_id = h.id))),
totals AS MATERIALIZED (
  SELECT sum(c.households)::bigint AS households, sum(c.people)::bigint AS people FROM household_counts c
  WHERE $2::text IS NULL AND $6::text IS NULL AND $7::text IS NULL
    AND ($1::text IS NULL OR c.unit_code IN (SELECT unit_code FROM below)) AND ($3::text IS NULL OR c.status = $3)
  UNION ALL
  SELECT count(*), sum(f.members) FROM flagged f
  WHERE $7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $6::text IS NULL
    AND ($1::text IS NULL OR f.unit_code IN (SELECT unit_code FROM below))
  UNION ALL
  SELECT count(*), sum(x.members) FROM (SELECT m.members FROM m WHERE $6::text IS NOT NULL LIMIT $8 + 1) x
  UNION ALL
  SELECT count(*), sum(m.members) FROM m
  WHERE $6::text IS NULL AND NOT ($2::text IS NULL AND $7::text IS NULL)
    AND NOT ($7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL))
SELECT p.code, p.head_name, p.members, p.unit_code, p.site_code, p.settlement_type, coalesce(s.status, 'none') AS status,
       s.registered_on, s.keys_claimed_on, s.moved_in_on,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(households), 0)::bigint FROM totals) END AS total_households,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(people), 0)::bigint FROM totals) END AS total_people
FROM (SELECT m.* FROM m WHERE ($4::text IS NULL OR m.code > $4) ORDER BY m.code LIMIT $5) p
LEFT JOIN household_status s ON s.household_id = p.id
ORDER BY p.code
