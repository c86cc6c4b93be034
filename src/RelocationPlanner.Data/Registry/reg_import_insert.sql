-- Stores a checked import in one set-based statement: households in file order, and from the
-- ids they receive, their dated milestones (each household's in milestone order, so the
-- forward-only trigger sees them in that order). No scan of the stored households.
WITH h AS (
  INSERT INTO households (code, head_name, members, unit_code, origin_settlement_code, site_code, settlement_type,
                          house_area_m2, self_paid, labour_members, old_house_demolished_on, homestead_reclaimed_on, old_house_exempt_reason)
  SELECT code, head_name, members, unit_code, origin_settlement_code, site_code, settlement_type,
         house_area_m2, self_paid, labour_members, old_house_demolished_on, homestead_reclaimed_on, old_house_exempt_reason
  FROM reg_import_rows ORDER BY row_no
  RETURNING id, code)
INSERT INTO milestones (household_id, milestone, on_date)
SELECT h.id, m.milestone, m.on_date
FROM h
JOIN reg_import_rows s ON s.code = h.code
CROSS JOIN LATERAL (VALUES (1, 'registered', s.registered_on), (5, 'keys_claimed', s.keys_claimed_on), (6, 'moved_in', s.moved_in_on)) AS m (rank, milestone, on_date)
WHERE m.on_date IS NOT NULL
ORDER BY h.id, m.rank;
