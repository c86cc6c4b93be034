-- Deletes one feature; with a version given, only if it is still that version.
DELETE FROM {table} WHERE id = $1 AND ($2::integer IS NULL OR version = $2)
RETURNING id
