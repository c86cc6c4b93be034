-- One package's header (the household set included).
SELECT id, scope::text AS scope, household_ids, inspection_id, created_at, created_by, expires_at
FROM field_packages WHERE id = @id
