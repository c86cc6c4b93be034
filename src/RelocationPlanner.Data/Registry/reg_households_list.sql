-- Households filtered by unit (the unit and everything below it), destination site, current
-- status (the latest milestone), a search (code prefix or part of the head's name) and a
-- compliance flag as of today, in code order, one page at a time. The CTEs are inlined (NOT
-- MATERIALIZED), so a later page stays a keyset read. A flag's households are the compliance
-- projection's rows for that flag: one predicate per flag, of which the flag asked for is all that
-- is left once the statement is planned for its values, so the flag's partial code index serves
-- its count and its page.
-- A unit's households lie between its first and its last code (codes follow units, as the
-- national registry's do), so a unit's page walks that stretch of the code index, not every code
-- before it; the stretch comes from each unit's first and last code (0596_household_unit_code.sql).
-- The first page (no $4) also carries how many households and people match: by unit and status
-- alone exactly, from household_counts (0560_site_household_counts.sql: a few rows per unit); by a
-- site alone by counting its rows; a search or a flag counts at most $8 + 1 matches (a common given
-- name matches a hundred thousand households nationally, a flag several hundred thousand; the
-- caller says "more than $8"). A search's page is left to the planner: the code index walked with
-- the name as a filter when matches are dense, the name's index when they are rare.
WITH below AS NOT MATERIALIZED (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1),
span AS MATERIALIZED (
  SELECT min(x.lo) AS lo, max(x.hi) AS hi
  -- Only units that hold households (household_counts has a row for each, kept in the writing
  -- statement): a province has thousands of units below it, its households sit in a few dozen.
  FROM (SELECT DISTINCT c.unit_code FROM household_counts c WHERE c.unit_code IN (SELECT unit_code FROM below)) b,
    LATERAL (SELECT (SELECT k.code FROM households k WHERE k.unit_code = b.unit_code ORDER BY k.code LIMIT 1) AS lo,
                    (SELECT k.code FROM households k WHERE k.unit_code = b.unit_code ORDER BY k.code DESC LIMIT 1) AS hi) x
  WHERE $1::text IS NOT NULL),
flagged AS NOT MATERIALIZED (
  SELECT c.household_id, c.code, c.unit_code, c.members FROM household_compliance c
  WHERE (($7::text = 'area' AND c.area_over)
         OR ($7::text = 'self_paid' AND c.self_paid_over)
         OR ($7::text = 'demolition_overdue' AND c.due_on IS NOT NULL AND c.due_on <= current_date AND (c.demolished_on IS NULL OR c.demolished_on > current_date))
         OR ($7::text = 'unemployed' AND c.labour AND c.moved_in_on IS NOT NULL AND c.moved_in_on <= current_date AND NOT c.employed @> current_date))
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
    -- With a status, site or search beside a flag: each household looked up in the flag's code
    -- index as the list walks (a few probes a match for a common flag). Not an equality, which the
    -- planner turns into a hash of every flagged household (600k nationally) before the first row.
    AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM flagged f WHERE f.code >= h.code AND f.code <= h.code))),
-- A count made by reading rows (a search, or a flag with a status or a site) stops at $8 + 1
-- matches, the first ones in code order: the first page is their first $5, so the matches are
-- found once (a common given name over a province: a bitmap of ten thousand rows).
first AS MATERIALIZED (
  SELECT m.* FROM m
  WHERE $4::text IS NULL AND ($6::text IS NOT NULL OR ($7::text IS NOT NULL AND NOT ($2::text IS NULL AND $3::text IS NULL)))
  ORDER BY m.code LIMIT $8 + 1),
totals AS MATERIALIZED (
  SELECT sum(c.households)::bigint AS households, sum(c.people)::bigint AS people FROM household_counts c
  WHERE $2::text IS NULL AND $6::text IS NULL AND $7::text IS NULL
    AND ($1::text IS NULL OR c.unit_code IN (SELECT unit_code FROM below)) AND ($3::text IS NULL OR c.status = $3)
  UNION ALL
  SELECT count(*), sum(x.members) FROM (
    SELECT f.members FROM flagged f
    WHERE $7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $6::text IS NULL
      AND ($1::text IS NULL OR f.unit_code IN (SELECT unit_code FROM below))
    LIMIT $8 + 1) x
  UNION ALL
  SELECT count(*), sum(f.members) FROM first f
  UNION ALL
  SELECT count(*), sum(m.members) FROM m WHERE $2::text IS NOT NULL AND $6::text IS NULL AND $7::text IS NULL)
SELECT p.code, p.head_name, p.members, p.unit_code, p.site_code, p.settlement_type, coalesce(s.status, 'none') AS status,
       s.registered_on, s.keys_claimed_on, s.moved_in_on,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(households), 0)::bigint FROM totals) END AS total_households,
       CASE WHEN $4::text IS NULL THEN (SELECT coalesce(sum(people), 0)::bigint FROM totals) END AS total_people
-- The page, from one of three branches, each ordered and cut on its own (so each is planned for
-- $5 rows): a flag alone walks the flag's code index and looks its households up by id (a rare
-- flag never walks the registry); a first page that counted by rows takes its first rows; any
-- other page walks the registry (m).
FROM ((SELECT h.id, h.code, h.head_name, h.members, h.unit_code, h.site_code, h.settlement_type
       FROM (SELECT f.household_id FROM flagged f
             WHERE $7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $6::text IS NULL
               AND ($1::text IS NULL OR f.unit_code IN (SELECT unit_code FROM below)) AND ($4::text IS NULL OR f.code > $4)
             ORDER BY f.code LIMIT $5) f
       JOIN households h ON h.id = f.household_id)
      UNION ALL
      (SELECT f.* FROM first f ORDER BY f.code LIMIT $5)
      UNION ALL
      (SELECT m.* FROM m WHERE ($4::text IS NULL OR m.code > $4)
         AND NOT ($7::text IS NOT NULL AND $2::text IS NULL AND $3::text IS NULL AND $6::text IS NULL)
         AND NOT ($4::text IS NULL AND ($6::text IS NOT NULL OR $7::text IS NOT NULL))
       ORDER BY m.code LIMIT $5)) p
LEFT JOIN household_status s ON s.household_id = p.id
ORDER BY p.code
