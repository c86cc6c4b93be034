-- One GeoJSON Feature per row for an export, in id order. {properties} are catalogue property
-- names (with fixed output names), {table} a catalogue table; {where} holds only catalogue
-- column names and $n placeholders: every filter value is a bound parameter.
SELECT json_build_object(
         'type', 'Feature',
         'id', t.id,
         'properties', json_build_object({properties}),
         'geometry', ST_AsGeoJSON(t.geom, 9)::json)::text AS feature
FROM {table} t
WHERE {where}
ORDER BY t.id
