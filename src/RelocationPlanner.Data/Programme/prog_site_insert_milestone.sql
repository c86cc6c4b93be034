-- One site milestone; the trigger re-checks the order (forward only) under the site's lock.
INSERT INTO site_milestones (site_id, milestone, on_date) VALUES (@site_id, @milestone, @date)
RETURNING recorded_by, recorded_at
