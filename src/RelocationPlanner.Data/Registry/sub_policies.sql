-- Policies (optionally one region's) with their components, components in entry order.
SELECT p.code, p.region_code, p.valid_from, p.valid_to, p.basis, c.name, c.amount, c.funding_source
FROM subsidy_policies p JOIN subsidy_components c ON c.policy_id = p.id
WHERE ($1::text IS NULL OR p.region_code = $1) AND ($2::text IS NULL OR p.code = $2)
ORDER BY p.region_code, p.valid_from, p.id, c.id
