-- Reported figures, optionally of one unit (and below) and one year or period start, in the order they came.
SELECT r.id, r.import_id, r.row_no, r.unit_code, CASE WHEN r.year_from = r.year_to THEN r.year_from::text ELSE r.year_from || '-' || r.year_to END AS year,
       r.indicator, r.value, r.value_text, r.unit, r.source, r.recorded_by, r.recorded_at
FROM reported_statistics r
WHERE (@unit::text IS NULL OR r.unit_code = @unit::text OR r.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = @unit::text))
  AND (@year::int IS NULL OR r.year_from = @year::int)
ORDER BY r.id
LIMIT 10000
