-- A compliance policy; its insert trigger re-counts the households of its region.
INSERT INTO compliance_policies (code, region_code, valid_from, valid_to, max_area_m2_per_person, max_self_paid_per_person,
                                 max_self_paid_per_household, demolish_within_days, min_employed_per_labour_household)
VALUES (@code, @region_code, @valid_from, @valid_to, @max_area_m2_per_person, @max_self_paid_per_person,
        @max_self_paid_per_household, @demolish_within_days, @min_employed_per_labour_household)
