-- Locks one household for a partial update and reads what the update checks against (size, version).
SELECT id, members, version FROM households WHERE code = @code FOR NO KEY UPDATE
