-- A photo's bytes (as uploaded) or its thumbnail, with the media type to send.
SELECT CASE WHEN @thumbnail THEN 'image/jpeg' ELSE media_type END AS media_type,
       CASE WHEN @thumbnail THEN thumbnail ELSE photo END AS data, sha256
FROM evidence WHERE id = @id
