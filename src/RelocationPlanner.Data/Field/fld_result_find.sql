-- Whether a household is in an inspection's sample, and its result so far (the caller holds the household's lock).
SELECT ih.id AS sampled_id, r.id AS result_id, r.outcome, coalesce(r.fields, '{}') AS fields, r.note, r.recorded_by
FROM inspection_households ih
LEFT JOIN inspection_results r ON r.inspection_id = ih.inspection_id AND r.household_id = ih.household_id
WHERE ih.inspection_id = @inspection AND ih.household_id = @household
