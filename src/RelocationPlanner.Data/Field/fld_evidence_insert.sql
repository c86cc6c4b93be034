-- One photo with its checks' findings; the bytes as uploaded (EXIF kept) and the thumbnail made on upload.
INSERT INTO evidence (household_id, site_code, step, taken_at, position, accuracy_m, device, media_type, bytes, width, height,
                      sha256, exif, distance_m, flags, photo, thumbnail)
VALUES (@household_id, @site_code, @step, @taken_at, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326), @accuracy_m, @device, @media_type,
        @bytes, @width, @height, @sha256, @exif::jsonb, @distance_m, @flags, @photo, @thumbnail)
RETURNING id
