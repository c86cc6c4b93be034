-- An inspector's finding for a sampled household; an accepted conflict replaces the one before
-- (history keeps it).
INSERT INTO inspection_results (inspection_id, household_id, outcome, fields, note, evidence_ids)
VALUES (@inspection, @household, @outcome, @fields, @note, @evidence)
ON CONFLICT (inspection_id, household_id) DO UPDATE
  SET outcome = EXCLUDED.outcome, fields = EXCLUDED.fields, note = EXCLUDED.note, evidence_ids = EXCLUDED.evidence_ids,
      recorded_by = rp_current_user(), recorded_at = now()
