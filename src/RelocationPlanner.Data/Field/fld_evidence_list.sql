-- Evidence documents (never the bytes): one by id, a household's, or a site's photos, oldest first;
-- with the addresses of the photo and its thumbnail (GetEvidencePhoto, GetEvidenceThumbnail).
SELECT e.id, h.code AS household_code, coalesce(e.site_code, h.site_code) AS site_code, e.step, e.taken_at,
       ST_X(e.position) AS lon, ST_Y(e.position) AS lat, e.accuracy_m, e.device, e.media_type, e.bytes, e.width, e.height,
       e.sha256, e.exif::text AS exif, e.distance_m, e.flags, e.created_at, e.created_by,
       '/api/evidence/' || e.id AS url, '/api/evidence/' || e.id || '/thumbnail' AS thumbnail
FROM evidence e
LEFT JOIN households h ON h.id = e.household_id
WHERE (@id::bigint IS NULL OR e.id = @id)
  AND (@household::text IS NULL OR h.code = @household)
  AND (@site::text IS NULL OR e.site_code = @site)
ORDER BY e.id
