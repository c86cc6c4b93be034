-- Locks one household for a field change and reads what the change is judged against: its
-- version, its milestones (in recorded order) and its old-house facts.
SELECT h.id, h.code, h.version, h.old_house_demolished_on, h.homestead_reclaimed_on, h.old_house_exempt_reason,
       coalesce((SELECT jsonb_agg(jsonb_build_object('milestone', m.milestone, 'date', m.on_date) ORDER BY m.id)
                 FROM milestones m WHERE m.household_id = h.id), '[]')::text AS milestones
FROM households h WHERE h.code = @code
FOR NO KEY UPDATE OF h
