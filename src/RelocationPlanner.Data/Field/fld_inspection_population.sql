-- The population an inspection samples from: the unit's households (the unit and everything below
-- it) that are registered and not withdrawn, with their county (the ancestor at county level),
-- their site, and whether the registry counts them settled (keys claimed or moved in).
SELECT h.id, h.code, h.site_code, c.ancestor_code AS county_code,
       (s.keys_claimed_on IS NOT NULL OR s.moved_in_on IS NOT NULL) AS settled
FROM households h
JOIN household_status s ON s.household_id = h.id
LEFT JOIN (SELECT a.unit_code, a.ancestor_code FROM rp_unit_ancestors() a JOIN admin_units u ON u.code = a.ancestor_code AND u.level = 'county') c
  ON c.unit_code = h.unit_code
WHERE h.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = @unit)
  AND s.registered_on IS NOT NULL AND s.withdrawn_on IS NULL
