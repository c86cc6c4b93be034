-- Is there a unit with this code at this level? (the monthly report's unit filter)
SELECT EXISTS (SELECT 1 FROM admin_units WHERE code = $1 AND level = $2)
