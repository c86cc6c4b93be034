-- A package as made: its scope as asked, its households (fixed from now on) and when it expires.
INSERT INTO field_packages (scope, household_ids, inspection_id, expires_at)
VALUES (@scope::jsonb, @ids, @inspection, now() + make_interval(days => @days))
RETURNING id
