-- Compliance policies, optionally of one region or one code, by region and period.
SELECT code, region_code, valid_from, valid_to, max_area_m2_per_person, max_self_paid_per_person, max_self_paid_per_household,
       demolish_within_days, min_employed_per_labour_household
FROM compliance_policies
WHERE (@region::text IS NULL OR region_code = @region::text) AND (@code::text IS NULL OR code = @code::text)
ORDER BY region_code, valid_from, id
