-- Conflicts of one household (or one conflict by id), newest first, with the change as the field sent it.
SELECT c.id, c.change_id, f.body::text AS change, c.server::text AS server, c.reason, c.created_at, c.created_by, c.status,
       c.resolved_by, c.resolved_at, c.resolution_note, h.code AS household_code, f.kind, f.package_id
FROM field_conflicts c
JOIN field_changes f ON f.id = c.change_id
JOIN households h ON h.id = c.household_id
WHERE (@code::text IS NULL OR h.code = @code) AND (@id::bigint IS NULL OR c.id = @id)
ORDER BY c.id DESC
