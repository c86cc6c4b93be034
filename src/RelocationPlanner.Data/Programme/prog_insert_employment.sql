-- One spell of work; the employment triggers check the household and refresh its compliance.
INSERT INTO employment (household_id, member, person_id, kind, employer, started_on, ended_on)
VALUES (@household_id, @member, @person_id, @kind, @employer, @started_on, @ended_on)
RETURNING id
