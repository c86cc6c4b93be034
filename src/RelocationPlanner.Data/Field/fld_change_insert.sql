-- Every change the field sent, as sent, with what became of it.
INSERT INTO field_changes (idempotency_key, package_id, household_id, kind, body, base_version, status, position)
VALUES (@key, @package, @household, @kind, @body::jsonb, @base_version, @status,
        CASE WHEN @lon::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(@lon, @lat), 4326) END)
RETURNING id
