-- Stores a checked ledger import in one statement (one history batch, one refresh of the sums);
-- the ledger's statement trigger checks the whole batch again, set-based, as the authority.
INSERT INTO disbursements (household_id, component_id, amount, paid_on)
SELECT h.id, e.component_id, r.amount, r.paid_on
FROM disbursement_import_rows r
JOIN households h ON h.code = r.household_code
JOIN rp_entitlements() e ON e.household_id = h.id AND e.component = r.component
ORDER BY r.row_no
