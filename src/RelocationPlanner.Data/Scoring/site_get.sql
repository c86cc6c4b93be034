-- One saved site's geometry for GET /api/sites/{id}/score.
SELECT id, code, ST_AsBinary(geom) FROM sites WHERE id = $1
