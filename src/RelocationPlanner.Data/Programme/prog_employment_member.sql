-- Resolves a member of a household: by number (the caller checks it against the household's size)
-- or by the name of a registered person (its number = its place among the household's persons,
-- the head first). matches counts the persons of that name: exactly one is needed.
WITH h AS (SELECT id, members FROM households WHERE code = @code),
named AS (
  SELECT p.id, p.name, row_number() OVER (ORDER BY p.relation = 'head' DESC, p.id) AS ord
  FROM persons p JOIN h ON p.household_id = h.id)
SELECT h.id AS household_id, h.members,
       coalesce(@number::int, (SELECT min(ord) FROM named WHERE name = @name::text))::int AS member,
       (SELECT min(id) FROM named WHERE name = @name::text) AS person_id,
       (SELECT count(*) FROM named WHERE name = @name::text)::int AS matches
FROM h
