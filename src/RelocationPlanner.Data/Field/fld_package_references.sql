-- Whether what a package names exists: the unit, the first unknown site code, the inspection.
SELECT EXISTS (SELECT FROM admin_units WHERE code = $1) AS unit_exists,
       (SELECT x FROM unnest($2::text[]) AS x WHERE NOT EXISTS (SELECT FROM sites s WHERE s.code = x) LIMIT 1) AS unknown_site,
       EXISTS (SELECT FROM inspections WHERE id = $3) AS inspection_exists
