-- Stores a checked employment import in one statement (one history batch, one compliance refresh);
-- a member named by a person gets that person's place in the household (the head first).
WITH named AS (
  SELECT r.row_no, p.id AS person_id, p.ord
  FROM employment_import_rows r
  JOIN households h ON h.code = r.household_code
  JOIN LATERAL (SELECT x.id, x.name, row_number() OVER (ORDER BY x.relation = 'head' DESC, x.id) AS ord
                FROM persons x WHERE x.household_id = h.id) p ON p.name = r.member_name
  WHERE r.member_name IS NOT NULL)
INSERT INTO employment (household_id, member, person_id, kind, employer, started_on, ended_on)
SELECT h.id, coalesce(r.member, n.ord), n.person_id, r.kind, r.employer, r.started_on, r.ended_on
FROM employment_import_rows r
JOIN households h ON h.code = r.household_code
LEFT JOIN named n ON n.row_no = r.row_no
ORDER BY r.row_no
