-- A household's entitlement per component, with what was paid (net of reversals) so far.
SELECT h.id, e.component_id, e.component, e.funding_source, e.policy_code, e.amount,
       coalesce((SELECT sum(d.amount) FROM disbursements d WHERE d.household_id = h.id AND d.component_id = e.component_id), 0) AS paid
FROM households h LEFT JOIN LATERAL rp_entitlement(h.id) e ON true
WHERE h.code = $1
ORDER BY e.component_id
