-- Which of the given photos are not of this household (a change may cite only its own household's evidence).
SELECT x.id FROM unnest(@ids::bigint[]) AS x (id)
WHERE NOT EXISTS (SELECT FROM evidence e WHERE e.id = x.id AND e.household_id = @household)
