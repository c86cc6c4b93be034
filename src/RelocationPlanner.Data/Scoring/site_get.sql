-- One saved site's geometry for GET /api/sites/{id}/score.
SELECT id, code, geom AS geometry FROM sites WHERE id = @id
