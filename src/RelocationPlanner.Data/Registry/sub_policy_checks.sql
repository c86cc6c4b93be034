-- Before saving a policy: does its region exist, is its code taken (for errors naming the field).
SELECT (SELECT count(*) FROM admin_units WHERE code = $1) AS region,
       (SELECT count(*) FROM subsidy_policies WHERE code = $2) AS existing
