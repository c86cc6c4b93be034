-- One dated event; the trigger re-checks the order and updates household_status.
INSERT INTO milestones (household_id, milestone, on_date) VALUES ($1, $2, $3)
