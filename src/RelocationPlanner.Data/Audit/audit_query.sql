-- The audit trail: history rows filtered by entity, row id, user and time, newest first.
-- Every filter is an optional bound parameter (NULL = no filter); the history indexes on
-- (entity, entity_id, id), entity_ids (bulk inserts), (changed_by, changed_at) and changed_at
-- serve the common cases. A bulk insert is one history row for many rows: asked about one of
-- them, it is answered as that row's insert, with the values it inserted.
SELECT h.id, h.entity, coalesce(h.entity_id, $2) AS entity_id, h.entity_code, h.op, h.old_values::text AS old_values,
       (CASE WHEN h.entity_id IS NULL AND $2::bigint IS NOT NULL THEN rp_history_inserted_values(h.entity, $2, h.id)
             ELSE h.new_values END)::text AS new_values,
       h.changed_by, h.changed_at, CASE WHEN h.entity_id IS NULL AND $2::bigint IS NOT NULL THEN 1 ELSE h.row_count END AS row_count,
       CASE WHEN $2::bigint IS NULL THEN h.entity_ids::text END AS entity_ids
FROM history h
WHERE ($1::text IS NULL OR h.entity = $1)
  AND ($2::bigint IS NULL OR h.entity_id = $2 OR h.entity_ids @> $2::bigint)
  AND ($3::text IS NULL OR h.changed_by = $3)
  AND ($4::timestamptz IS NULL OR h.changed_at >= $4)
  AND ($5::text[] IS NULL OR h.entity = ANY ($5))
ORDER BY h.id DESC
LIMIT $6
