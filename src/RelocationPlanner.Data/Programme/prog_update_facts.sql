-- A household's programme facts as they will be (the stamp trigger bumps the version; history and
-- the compliance projection follow through the households' update triggers).
UPDATE households SET house_area_m2 = @house_area_m2, self_paid = @self_paid, labour_members = @labour_members,
       old_house_demolished_on = @old_house_demolished_on, homestead_reclaimed_on = @homestead_reclaimed_on,
       old_house_exempt_reason = @old_house_exempt_reason
WHERE id = @id
