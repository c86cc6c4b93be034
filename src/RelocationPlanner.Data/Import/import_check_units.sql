-- Rows naming an administrative unit that neither exists nor arrives in the same file
-- (the file's own codes count only when importing admin units). {ref} is a catalogue column.
SELECT s.row_no, 'properties.{ref}' AS field, 'unknown_unit' AS rule, format('No administrative unit has code %s.', s.{ref}) AS message
FROM rp_import_stage s
WHERE s.{ref} IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM admin_units a WHERE a.code = s.{ref})
  AND NOT ($2 AND EXISTS (SELECT 1 FROM rp_import_stage o WHERE o.code = s.{ref}))
ORDER BY 1
LIMIT $1
