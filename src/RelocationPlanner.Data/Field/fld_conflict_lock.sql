-- Locks one conflict while an officer resolves it.
SELECT status FROM field_conflicts WHERE id = @id FOR UPDATE
