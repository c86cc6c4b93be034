-- A household's spells of work, oldest first, with the registered person's name when one was named.
SELECT e.id, h.code AS household_code, e.member, p.name AS person_name, e.kind, e.employer, e.started_on, e.ended_on, e.created_by
FROM employment e JOIN households h ON h.id = e.household_id LEFT JOIN persons p ON p.id = e.person_id
WHERE h.code = @code
ORDER BY e.started_on, e.id
