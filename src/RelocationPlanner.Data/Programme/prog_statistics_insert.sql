-- An import's figures in one statement (one history batch), as one import batch, from the staging table.
INSERT INTO reported_statistics (import_id, row_no, unit_code, year_from, year_to, indicator, value, value_text, unit, source)
SELECT @import_id, row_no::int, unit_code, year_from, year_to, indicator, value, value_text, unit, source
FROM statistics_import_rows
ORDER BY row_no
