-- The members of one household, as parallel arrays (one statement, one history batch).
INSERT INTO persons (household_id, name, id_card, relation)
SELECT $1, n, c, r FROM unnest($2::text[], $3::text[], $4::text[]) AS p (n, c, r)
