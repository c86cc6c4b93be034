-- A run's per-site results after site id $2, in site id order (the primary key's), at most $3 of
-- them (NULL: all, for the run's sensitivity).
SELECT site_id, code, score, excluded, reasons, criteria::text AS criteria
FROM scoring_run_sites
WHERE run_id = $1 AND site_id > $2
ORDER BY site_id
LIMIT $3
