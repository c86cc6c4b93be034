-- Which of a household's references exist (checked before writing, for errors naming the field).
SELECT (SELECT count(*) FROM admin_units WHERE code = $1) AS unit,
       (SELECT count(*) FROM settlements WHERE code = $2) AS origin,
       (SELECT count(*) FROM sites WHERE code = $3) AS site,
       (SELECT count(*) FROM households WHERE code = $4) AS existing
