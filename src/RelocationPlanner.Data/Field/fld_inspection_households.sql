-- An inspection's households in sample order with their result, if one was recorded.
SELECT h.code, ih.stratum, ih.county_code, ih.settled, r.outcome, coalesce(r.fields, '{}') AS fields, r.note,
       r.evidence_ids, r.recorded_by, r.recorded_at
FROM inspection_households ih
JOIN households h ON h.id = ih.household_id
LEFT JOIN inspection_results r ON r.inspection_id = ih.inspection_id AND r.household_id = ih.household_id
WHERE ih.inspection_id = @id
ORDER BY ih.ord
