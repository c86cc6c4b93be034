-- Locks one household (milestones of one household are recorded one at a time) and reads its events.
SELECT h.id, m.milestone, m.on_date
FROM (SELECT id FROM households WHERE code = $1 FOR NO KEY UPDATE) h
LEFT JOIN milestones m ON m.household_id = h.id
ORDER BY m.id
