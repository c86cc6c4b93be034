-- What a photo is of (a household, or a site), whether the household is in one of the caller's
-- live packages, and how far the declared position is from where the photo should have been
-- taken: the household's site (a polygon counts 0 inside), or its origin settlement for the old
-- house's steps; a site's own place. Metres, geodesic.
WITH p AS (SELECT ST_SetSRID(ST_MakePoint(@lon, @lat), 4326) AS pt),
target AS (
  SELECT h.id AS household_id, h.code AS household_code, h.site_code,
         CASE WHEN @at_origin THEN o.geom ELSE s.geom END AS place,
         EXISTS (SELECT FROM field_packages f WHERE f.created_by = @user AND f.expires_at > now() AND h.id = ANY (f.household_ids)) AS in_package
  FROM households h
  LEFT JOIN sites s ON s.code = h.site_code
  LEFT JOIN settlements o ON o.code = h.origin_settlement_code
  WHERE h.code = @household
  UNION ALL
  SELECT NULL, NULL, s.code, s.geom, true FROM sites s WHERE @household::text IS NULL AND s.code = @site)
SELECT t.household_id, t.household_code, t.site_code, t.in_package,
       CASE WHEN t.place IS NULL THEN NULL ELSE ST_Distance(t.place::geography, p.pt::geography) END AS distance_m
FROM target t, p
