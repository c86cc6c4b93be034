-- The households assigned to a site and active on a day (registered, not withdrawn), with how many
-- had claimed their keys and moved in by then.
SELECT count(*) AS assigned,
       count(*) FILTER (WHERE s.keys_claimed_on <= @as_of) AS keys_claimed,
       count(*) FILTER (WHERE s.moved_in_on <= @as_of) AS moved_in
FROM households h JOIN household_status s ON s.household_id = h.id
WHERE h.site_code = @code AND s.registered_on <= @as_of AND (s.withdrawn_on IS NULL OR s.withdrawn_on > @as_of)
