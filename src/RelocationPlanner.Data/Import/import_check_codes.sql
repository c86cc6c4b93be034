-- Codes that appear twice in the file or that the collection already holds (all-or-nothing import).
SELECT s.row_no, 'properties.code' AS field, 'duplicate_code' AS rule,
       format('Code %s appears more than once in this file (first at row %s).', s.code, d.first_row) AS message
FROM (SELECT code, min(row_no) AS first_row FROM rp_import_stage GROUP BY code HAVING count(*) > 1) d
JOIN rp_import_stage s ON s.code = d.code AND s.row_no <> d.first_row
UNION ALL
SELECT s.row_no, 'properties.code', 'duplicate_code', format('%s already holds code %s.', '{table}', s.code)
FROM rp_import_stage s JOIN {table} t ON t.code = s.code
ORDER BY 1
LIMIT $1
