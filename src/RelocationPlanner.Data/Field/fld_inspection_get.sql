-- An inspection's header.
SELECT id, unit_code, seed, stratify_by, requested::text AS requested, population, drawn_at, drawn_by
FROM inspections WHERE id = @id
