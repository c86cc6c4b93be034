-- The households a new package holds: a unit and everything below it, or a list of sites (code
-- order), or an inspection's sample (sample order). One of @unit, @sites, @inspection is given.
SELECT h.id, h.code
FROM households h
LEFT JOIN inspection_households i ON i.inspection_id = @inspection AND i.household_id = h.id
WHERE (@unit::text IS NOT NULL AND h.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = @unit))
   OR (@sites::text[] IS NOT NULL AND h.site_code = ANY (@sites))
   OR i.id IS NOT NULL
ORDER BY i.ord NULLS LAST, h.code
LIMIT @limit
