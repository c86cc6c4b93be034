-- Households filtered by unit (the unit and everything below it), destination site and current
-- status (the latest milestone), in code order, one page at a time.
SELECT h.code, h.head_name, h.members, h.unit_code, h.site_code, h.settlement_type, coalesce(s.status, 'none') AS status,
       s.registered_on, s.keys_claimed_on, s.moved_in_on
FROM households h LEFT JOIN household_status s ON s.household_id = h.id
WHERE ($1::text IS NULL OR h.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1))
  AND ($2::text IS NULL OR h.site_code = $2)
  AND ($3::text IS NULL OR coalesce(s.status, 'none') = $3)
  AND ($4::text IS NULL OR h.code > $4)
ORDER BY h.code
LIMIT $5
