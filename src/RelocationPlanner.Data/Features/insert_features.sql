-- Inserts a batch of validated features in one statement. Properties arrive as one JSON array
-- typed by the table's own row type, geometries as a geometry array in the same order (ROWS FROM
-- pairs them up). {table}/{columns}/{select} come from the collection catalogue, never from a request.
INSERT INTO {table} ({columns}, geom)
SELECT {select}, r.geom
FROM (SELECT {columns}, i.geom
      FROM ROWS FROM (jsonb_array_elements($1::jsonb), unnest($2::geometry[])) AS i(props, geom)
      CROSS JOIN LATERAL jsonb_populate_record(NULL::{table}, i.props) p) r
RETURNING id, code, version
