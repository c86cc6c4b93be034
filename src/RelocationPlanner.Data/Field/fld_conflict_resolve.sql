-- An officer's decision on a conflict (once: the row stays as decided).
UPDATE field_conflicts SET status = @status, resolved_by = rp_current_user(), resolved_at = now(), resolution_note = @note
WHERE id = @id AND status = 'open'
