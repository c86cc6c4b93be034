-- The package's households as the app shows them offline: the registry record, every step's date
-- (milestones and the old-house facts), the place to go (the site's point on surface, or the
-- separate household's point) and where the family came from.
SELECT h.code, h.head_name, h.members, h.unit_code, h.site_code, h.version, coalesce(st.status, 'none') AS status,
       (SELECT coalesce(jsonb_object_agg(m.milestone, m.on_date), '{}') FROM milestones m WHERE m.household_id = h.id)
         || jsonb_build_object('old_house_demolished', h.old_house_demolished_on, 'homestead_reclaimed', h.homestead_reclaimed_on) AS milestones,
       ST_X(ST_PointOnSurface(s.geom)) AS lon, ST_Y(ST_PointOnSurface(s.geom)) AS lat,
       o.code AS origin_code, ST_X(o.geom) AS origin_lon, ST_Y(o.geom) AS origin_lat
FROM unnest(@ids::bigint[]) WITH ORDINALITY AS p (id, ord)
JOIN households h ON h.id = p.id
LEFT JOIN household_status st ON st.household_id = h.id
LEFT JOIN sites s ON s.code = h.site_code
LEFT JOIN settlements o ON o.code = h.origin_settlement_code
ORDER BY p.ord
