-- Every saved site for a rescoring run, in id order.
SELECT id, code, ST_AsBinary(geom) FROM sites ORDER BY id
