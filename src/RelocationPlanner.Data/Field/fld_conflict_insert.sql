-- A change kept for an officer, with what the server held when it arrived.
INSERT INTO field_conflicts (change_id, household_id, server, reason) VALUES (@change, @household, @server::jsonb, @reason)
RETURNING id
