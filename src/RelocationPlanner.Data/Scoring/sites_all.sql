-- Every saved site for a rescoring run, in id order.
SELECT id, code, geom AS geometry FROM sites ORDER BY id
