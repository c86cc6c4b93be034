-- A field change was applied to the household: its version moves on (the stamp trigger counts it)
-- so that the app's next package shows the record has changed.
UPDATE households SET updated_at = now() WHERE id = @id RETURNING version
