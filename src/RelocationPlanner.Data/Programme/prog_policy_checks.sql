-- Before saving a compliance policy: does its region exist, is its code taken (for errors naming the field).
SELECT (SELECT count(*) FROM admin_units WHERE code = @region) AS region,
       (SELECT count(*) FROM compliance_policies WHERE code = @code) AS existing
