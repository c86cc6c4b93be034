-- The audit trail: history rows filtered by entity, row id, user and time, newest first.
-- Every filter is an optional bound parameter (NULL = no filter); the history indexes on
-- (entity, entity_id, id), (changed_by, changed_at) and (changed_at) serve the common cases.
SELECT id, entity, entity_id, entity_code, op, old_values::text, new_values::text, changed_by, changed_at
FROM history
WHERE ($1::text IS NULL OR entity = $1)
  AND ($2::bigint IS NULL OR entity_id = $2)
  AND ($3::text IS NULL OR changed_by = $3)
  AND ($4::timestamptz IS NULL OR changed_at >= $4)
  AND ($5::text[] IS NULL OR entity = ANY ($5))
ORDER BY id DESC
LIMIT $6
